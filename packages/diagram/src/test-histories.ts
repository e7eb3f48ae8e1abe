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
