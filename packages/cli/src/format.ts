/** Small text formats shared by the commands' human-readable output. */

export function percentText(correct: number, total: number): string {
  return total === 0 ? '-' : `${((100 * correct) / total).toFixed(1)}%`;
}

/** "L=64 100.0%, L=256 97.4%" from a checkpoint's validation record (accuracy by length). */
export function validationText(validation: Readonly<Record<string, number>>): string {
  return Object.entries(validation)
    .map(([length, accuracy]) => `L=${length} ${(100 * accuracy).toFixed(1)}%`)
    .join(', ');
}

/** "L=64 38/38, L=256 30/38" from a trainer's length scores. */
export function scoresText(scores: readonly { length: number; correct: number; total: number }[]): string {
  return scores.map((s) => `L=${s.length} ${s.correct}/${s.total}`).join(', ');
}

export function secondsText(seconds: number): string {
  return seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1);
}

/** A step count: integers as they are, medians of an even count to one decimal. */
export function stepsText(steps: number | null): string {
  if (steps === null) return '-';
  return Number.isInteger(steps) ? String(steps) : steps.toFixed(1);
}

/** Long answers and inputs shortened to their ends. */
export function shortText(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 18)}…${text.slice(-18)} (${text.length} characters)`;
}
