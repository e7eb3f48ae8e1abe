import { seededRandom } from '@sead/tasks';

/** A random history: each row changes a few random cells of the previous one. */
export function randomHistory(cells: number, rows: number, symbols: number, seed: number): Uint8Array[] {
  const random = seededRandom(seed);
  const history = [Uint8Array.from({ length: cells }, () => Math.floor(random() * symbols))];
  for (let t = 1; t < rows; t++) {
    const row = history[t - 1].slice();
    const changes = Math.floor(random() * 4);
    for (let k = 0; k < changes; k++) row[Math.floor(random() * cells)] = Math.floor(random() * symbols);
    history.push(row);
  }
  return history;
}

/** The cells row t of a history changed from row t − 1. */
export function changedCells(history: readonly Uint8Array[], t: number): number[] {
  const at: number[] = [];
  history[t].forEach((s, i) => s !== history[t - 1][i] && at.push(i));
  return at;
}

/** What a picture builder is fed a run by: its first row, then each next row whole or as its changes. */
interface HistoryBuilder {
  begin(first: Uint8Array): void;
  row(symbols: Uint8Array): void;
  change(cells: ArrayLike<number>, symbols: ArrayLike<number>): void;
}

/** Feeds a history to a builder: every row after the first whole, or (`byChanges`) as the cells it changed. */
export function feedHistory(builder: HistoryBuilder, history: readonly Uint8Array[], byChanges: boolean): void {
  builder.begin(history[0]);
  for (let t = 1; t < history.length; t++) {
    if (!byChanges) builder.row(history[t]);
    else {
      const at = changedCells(history, t);
      builder.change(at, at.map((i) => history[t][i]));
    }
  }
}
