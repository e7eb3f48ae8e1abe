import { describe, expect, it } from 'vitest';
import { columnAlignment, formatTable, isNumericCell } from './format-table.js';

describe('formatTable', () => {
  it('aligns columns, numbers right and text left, under a dashed header line', () => {
    const text = formatTable([
      ['Task', 'L', 'Exact match'],
      ['parity', 16, '20/20 (100.0%)'],
      ['addition', 4096, '7/22 (31.8%)'],
    ]);
    expect(text.split('\n')).toEqual([
      'Task         L     Exact match',
      '--------  ----  --------------',
      'parity      16  20/20 (100.0%)',
      'addition  4096    7/22 (31.8%)',
    ]);
  });

  it('pads ragged rows, leaves no trailing spaces and honours explicit alignment and gap', () => {
    const lines = formatTable(
      [
        ['a', 'bb', 'c'],
        ['xyz', 'q'],
      ],
      { align: ['right', 'left', 'left'], gap: 1 },
    ).split('\n');
    expect(lines).toEqual(['  a bb c', '--- -- -', 'xyz q']);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
    expect(formatTable([])).toBe('');
  });

  it('tells numeric cells from text', () => {
    for (const cell of [3, '3.5', '15/16', '93.8%', '15/16 (93.8%)', '-', '1,024']) expect(isNumericCell(cell)).toBe(true);
    for (const cell of ['random', 'nines-plus-one', 'L', '']) expect(isNumericCell(cell)).toBe(false);
    expect(columnAlignment([['h1', 'h2'], ['x', 1], ['y', '2']])).toEqual(['left', 'right']);
  });
});
