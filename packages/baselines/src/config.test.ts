import { addition, parity, rule110 } from '@sead/tasks';
import { describe, expect, it } from 'vitest';
import { baselineName, parameterCount, validateBaselineConfig, type BaselineConfig } from './config.js';
import { inputWidth } from './inputs.js';

const transformer: BaselineConfig = { architecture: 'transformer', inputs: 5, symbols: 3, width: 8, layers: 2, heads: 2, feedForward: 16, positions: 'rotary', maxPositions: 0, causal: false };

describe('baseline configs', () => {
  it('count parameters as the formulas of each architecture give them', () => {
    // Embedding, per layer two norms, qkv, out and the feed-forward block, the final norm, the head.
    const perLayer = 2 * 2 * 8 + (8 * 24 + 24) + (8 * 8 + 8) + (8 * 16 + 16) + (16 * 8 + 8);
    expect(parameterCount(transformer)).toBe(5 * 8 + 8 + 2 * perLayer + 2 * 8 + 8 * 3 + 3);
    expect(parameterCount({ ...transformer, positions: 'learned', maxPositions: 100 })).toBe(parameterCount(transformer) + 100 * 8);
    // Two directions of four gates (input and recurrent weights, one bias), a head on both directions.
    expect(parameterCount({ architecture: 'lstm', inputs: 5, symbols: 3, width: 8 })).toBe(2 * (5 * 32 + 8 * 32 + 32) + 16 * 3 + 3);
    // A GRU's three gates keep their recurrent bias apart.
    expect(parameterCount({ architecture: 'gru', inputs: 5, symbols: 3, width: 8 })).toBe(2 * (5 * 24 + 8 * 24 + 24 + 24) + 16 * 3 + 3);
  });

  it('name a baseline by its architecture and, for a Transformer, its positions', () => {
    expect(baselineName(transformer)).toBe('transformer-rotary');
    expect(baselineName({ ...transformer, positions: 'none', causal: true })).toBe('transformer-none');
    expect(baselineName({ architecture: 'gru', inputs: 1, symbols: 2, width: 4 })).toBe('gru');
  });

  it('read every task as its token features and its one-hot initial symbol', () => {
    expect(inputWidth(parity)).toBe(2 + 3);
    expect(inputWidth(addition)).toBe(addition.inputAlphabet[0].length + 2);
    expect(inputWidth(rule110)).toBe(1 + 2);
  });

  it('refuse a malformed config with one line naming the field', () => {
    expect(validateBaselineConfig(transformer)).toEqual(transformer);
    const bad: [unknown, string][] = [
      [null, 'config must be an object'],
      [{ ...transformer, architecture: 'rnn' }, 'config.architecture must be "transformer", "lstm" or "gru", got "rnn"'],
      [{ ...transformer, width: 0 }, 'config.width must be an integer from 1 to 1024, got 0'],
      [{ ...transformer, width: 9 }, 'config.width (9) must be a multiple of config.heads (2)'],
      [{ ...transformer, width: 6, heads: 2 }, 'config: rotary positions need an even width per head, got 3'],
      [{ ...transformer, positions: 'alibi' }, 'config.positions must be one of learned, rotary, none, got "alibi"'],
      [{ ...transformer, positions: 'learned' }, 'config.maxPositions must be positive for learned positions and 0 otherwise, got 0 with learned positions'],
      [{ ...transformer, causal: 'yes' }, 'config.causal must be true or false, got "yes"'],
      [{ architecture: 'lstm', inputs: 5, symbols: 1, width: 8 }, 'config.symbols must be an integer from 2 to 256, got 1'],
      [{ architecture: 'lstm', inputs: 4096, symbols: 2, width: 1024 }, 'config makes a model of 41955330 parameters; at most 4194304 are allowed'],
    ];
    for (const [config, message] of bad) expect(() => validateBaselineConfig(config), message).toThrow(message);
  });
});
