import type { Cell } from './format-table.js';
import type { SweepReport, SweepRow } from './sweep.js';

/** "15/16 (93.8%)". */
export function exactMatch(correct: number, total: number): string {
  return `${correct}/${total} (${percent(correct, total)})`;
}

export function percent(correct: number, total: number): string {
  return total === 0 ? '-' : `${((100 * correct) / total).toFixed(1)}%`;
}

/** A step count as short as it can be: integers as they are, others to one decimal. */
export function stepsText(steps: number | null): string {
  if (steps === null) return '-';
  return Number.isInteger(steps) ? String(steps) : steps.toFixed(1);
}

export function secondsText(seconds: number): string {
  return seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1);
}

/** A report's name in headings and tables (`SweepReport.name`): its task, with its architecture unless it is SEAD's, or the name the sweep was given. */
export function reportName(report: SweepReport): string {
  return report.name;
}

/** One row per task × length: the headline numbers. The first row is the header. */
export function summaryTable(reports: readonly SweepReport[]): Cell[][] {
  const rows: Cell[][] = [['Model', 'L', 'Exact match', 'Random median steps', 'Adversarial max steps', 'Updates per cell (max)', 'Params']];
  for (const report of reports) {
    for (const s of report.byLength) {
      rows.push([reportName(report), s.length, exactMatch(s.correct, s.total), stepsText(s.randomSteps), stepsText(s.adversarialSteps), stepsText(s.updatesPerCell), report.parameters]);
    }
  }
  return rows;
}

/**
 * Sweeps of one task by several models side by side: a row per model and kind of instance (random,
 * adversarial) with its parameters, and its exact match at each length swept ("not run" where the
 * sweep skipped the length, "-" where it had no such instances). The first row is the header.
 */
export function comparisonTable(reports: readonly SweepReport[]): Cell[][] {
  const lengths = [...new Set(reports.flatMap((r) => r.settings.lengths))];
  const rows: Cell[][] = [['Model', 'Params', 'Instances', ...lengths.map((l) => `L=${l}`)]];
  for (const report of reports) {
    for (const kind of ['random', 'adversarial'] as const) {
      const cells = lengths.map((length) => {
        if (report.skipped.some((s) => s.length === length)) return 'not run';
        const suites = report.rows.filter((r) => r.length === length && r.kind === kind);
        const total = suites.reduce((n, r) => n + r.total, 0);
        return percent(suites.reduce((n, r) => n + r.correct, 0), total);
      });
      rows.push([report.architecture, report.parameters, kind, ...cells]);
    }
  }
  return rows;
}

/** One row per (length, suite) of one sweep; a trajectory column when rollouts were checked. */
export function suiteTable(report: SweepReport): Cell[][] {
  const withRollout = report.rows.some((r) => r.rollout);
  const header = ['L', 'Suite', 'Exact match', 'Converged', 'Steps min', 'median', 'mean', 'max', ...(withRollout ? ['Trajectory match'] : []), 'Seconds'];
  return [header, ...report.rows.map((row) => suiteRow(row, withRollout))];
}

function suiteRow(row: SweepRow, withRollout: boolean): Cell[] {
  const { min, median, mean, max } = row.steps;
  return [
    row.length,
    row.suite,
    exactMatch(row.correct, row.total),
    `${row.converged}/${row.total}`,
    stepsText(min),
    stepsText(median),
    mean.toFixed(1),
    stepsText(max),
    ...(withRollout ? [row.rollout ? `${row.rollout.matched}/${row.rollout.total}` : '-'] : []),
    secondsText(row.seconds),
  ];
}
