// What the benchmarks share: the PyTorch CPU peer (../shared/peers/torch_sead.py, run with Debian's
// python3-torch) and a timing-only task with the peer's input alphabet, 100 one-hot tokens.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineTask, randomInt } from '@sead/tasks';

/** The peer's model size: C = 4, E = 4, H = 8, r = 1 (724 parameters with 100 tokens). */
export const PEER_SHAPE = { channels: 4, embedding: 4, hidden: 8, radius: 1 };

const script = fileURLToPath(new URL('../../shared/peers/torch_sead.py', import.meta.url));

/** The peer's JSON figure for these arguments, or a reason it could not run. */
export function runPeer(args) {
  if (!existsSync('/usr/bin/python3') || !existsSync(script)) return { error: 'no /usr/bin/python3 or no peer script beside the project' };
  try {
    return JSON.parse(execFileSync('/usr/bin/python3', [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    return { error: String(error.message).split('\n')[0] };
  }
}

/** Random tokens of a 100-token alphabet; each cell's target is its token's parity. For timing only. */
export const tokens100 = defineTask({
  id: 'tokens100',
  description: 'timing only: the PyTorch peer\'s 100-token input',
  dynamics: 'fixed-point',
  inputAlphabet: Array.from({ length: 100 }, (_, k) => Array.from({ length: 100 }, (_, j) => (j === k ? 1 : 0))),
  stateSymbols: ['0', '1'],
  readout: 'all',
  encode: ({ t }) => ({ length: t.length, tokens: Uint8Array.from(t) }),
  decode: (_instance, states) => Array.from(states).join(''),
  cellTargets: ({ t }) => Uint8Array.from(t, (x) => x & 1),
  solve: ({ t }) => t.map((x) => x & 1).join(''),
  equal: (a, b) => a === b,
  random: (length, random) => ({ t: Array.from({ length }, () => randomInt(random, 0, 99)) }),
  adversarial: () => [],
  lengthOf: ({ t }) => t.length,
  parse: (input) => input,
  format: (instance) => instance,
  formatOutput: (output) => output,
});
