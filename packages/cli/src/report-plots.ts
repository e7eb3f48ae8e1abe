import { lineChart, type ChartSeries } from '@sead/diagram';
import { reportName, type ReportFigure, type SweepReport } from '@sead/evaluator';

/** A plot of the sweeps, ready to be written beside the report. */
export interface ReportPlot extends ReportFigure {
  readonly svg: string;
}

/** One colour per sweep (a task, or a model of it), the same in every plot. */
const TASK_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];

/**
 * The report's plots: steps to converge against L on log-log axes, and exact match against L, each
 * with a solid line per sweep (a task, or one model of a task) for its adversarial suites and a
 * dashed one for its random instances.
 */
export function reportPlots(reports: readonly SweepReport[]): ReportPlot[] {
  const steps: ChartSeries[] = [];
  const accuracy: ChartSeries[] = [];
  reports.forEach((report, k) => {
    const colour = TASK_COLOURS[k % TASK_COLOURS.length];
    // Sweeps often coincide (every adversarial line of the paper is steps = L; many models score 0%
    // alike): earlier ones are drawn wider, underneath, so each stays visible as an outline.
    const width = 2 + Math.min(2, 8 / reports.length) * (reports.length - 1 - k);
    const name = reportName(report);
    const byKind = (kind: 'random' | 'adversarial') =>
      report.byLength.flatMap((s) => {
        const rows = report.rows.filter((r) => r.length === s.length && r.kind === kind);
        const total = rows.reduce((n, r) => n + r.total, 0);
        return total === 0 ? [] : [[s.length, (100 * rows.reduce((n, r) => n + r.correct, 0)) / total] as [number, number]];
      });
    const adversarialSteps = report.byLength.flatMap((s) => (s.adversarialSteps === null ? [] : [[s.length, s.adversarialSteps] as [number, number]]));
    const randomSteps = report.byLength.flatMap((s) => (s.randomSteps === null ? [] : [[s.length, s.randomSteps] as [number, number]]));
    if (adversarialSteps.length > 0) steps.push({ name: `${report.name}, adversarial (max)`, points: adversarialSteps, colour, width });
    if (randomSteps.length > 0) steps.push({ name: `${report.name}, random (median)`, points: randomSteps, colour, width, dashed: true });
    const adversarial = byKind('adversarial');
    const random = byKind('random');
    if (adversarial.length > 0) accuracy.push({ name: `${report.name}, adversarial`, points: adversarial, colour, width });
    if (random.length > 0) accuracy.push({ name: `${report.name}, random`, points: random, colour, width, dashed: true });
  });
  return [
    {
      path: 'steps.svg',
      caption: 'Steps to converge against the length L (log-log): the most any adversarial instance took (solid) and the median of the random ones (dashed). Rollouts run exactly K = L steps.',
      svg: lineChart(steps, { title: 'Steps to converge against L', xLabel: 'L (cells)', yLabel: 'steps', xScale: 'log', yScale: 'log' }),
    },
    {
      path: 'accuracy.svg',
      caption: 'Exact match against the length L: adversarial suites (solid) and random instances (dashed).',
      svg: lineChart(accuracy, { title: 'Exact match against L', xLabel: 'L (cells)', yLabel: 'exact match', xScale: 'log', yDomain: [0, 100], yFormat: (v) => `${v}%` }),
    },
  ];
}
