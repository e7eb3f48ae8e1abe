/** A table cell: numbers are printed as they are, everything else as a string. */
export type Cell = string | number;

export type Align = 'left' | 'right';

export interface TableOptions {
  /** Per-column alignment; by default numeric columns go right and the rest left. */
  align?: readonly Align[];
  /** Spaces between columns; default 2. */
  gap?: number;
}

const NUMERIC = /^[-+]?[\d.,]+(?:[ /][\d.,]+)*(?: ?\([\d.,]+%\))?%?$/;

/** Whether a cell reads as a number (12, 3.5, 15/16, 93.8%, 15/16 (93.8%)) or a blank dash. */
export function isNumericCell(cell: Cell): boolean {
  if (typeof cell === 'number') return true;
  return cell === '-' || cell === '—' || NUMERIC.test(cell);
}

/** Right for columns whose body cells are all numeric, left otherwise. The first row is the header. */
export function columnAlignment(rows: readonly (readonly Cell[])[]): Align[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const body = rows.slice(1);
  return Array.from({ length: width }, (_, c) =>
    body.length > 0 && body.every((r) => c >= r.length || isNumericCell(r[c])) ? 'right' : 'left',
  );
}

/**
 * An aligned plain-text table for terminals: the first row is the header, underlined with dashes.
 * Every line ends without trailing spaces.
 */
export function formatTable(rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  if (rows.length === 0) return '';
  const text = rows.map((r) => r.map(String));
  const columns = Math.max(...text.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...text.map((r) => (r[c] ?? '').length)));
  const align = options.align ?? columnAlignment(rows);
  const gap = ' '.repeat(options.gap ?? 2);
  const line = (cells: readonly string[]) =>
    widths
      .map((w, c) => (align[c] === 'right' ? (cells[c] ?? '').padStart(w) : (cells[c] ?? '').padEnd(w)))
      .join(gap)
      .trimEnd();
  return [line(text[0]), line(widths.map((w) => '-'.repeat(w))), ...text.slice(1).map(line)].join('\n');
}
