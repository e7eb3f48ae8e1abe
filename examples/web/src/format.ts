/** Text longer than `max` characters as its ends and its length: "1000…0000 (100 characters)". */
export function shorten(text: string, max = 72, unit = 'characters'): string {
  if (text.length <= max) return text;
  const side = Math.floor((max - 4) / 2);
  return `${text.slice(0, side)}…${text.slice(-side)} (${count(text.length)} ${unit})`;
}

/** 1234567 → "1,234,567". */
export function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/** A duration per step, in the unit that reads best. */
export function perStep(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return '–';
  if (milliseconds >= 1) return `${milliseconds.toFixed(1)} ms`;
  if (milliseconds >= 1e-3) return `${(milliseconds * 1e3).toPrecision(3)} µs`;
  return `${(milliseconds * 1e6).toPrecision(3)} ns`;
}

/** Milliseconds as "84 ms" or "1.2 s". */
export function duration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}
