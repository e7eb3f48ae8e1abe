import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { lineChart, type ChartSeries } from '@sead/diagram';
import { markdownTable } from '@sead/evaluator';
import { writeFileAtomic } from '@sead/node';
import { shapeText, type SweepBudget, type SweepRegime } from './grid.js';
import { machineText } from '../report-files.js';
import type { SweepRecord } from './records.js';
import { RELIABLE_SHARE, summarize, type ShapeScore, type Smallest, type TaskSummary } from './summary.js';

/** How the report names a regime. */
const REGIME_TEXT: Record<SweepRegime, string> = { chaos: 'chaos', relax: 'relax', 'relax-ignore-rule': 'relax --ignore-rule' };
const COLOURS: Record<SweepRegime, string> = { chaos: '#1f77b4', relax: '#ff7f0e', 'relax-ignore-rule': '#2ca02c' };
const DASHES = [false, true];

/** The plot the report embeds. */
export const PLOT_FILE = 'success.svg';

/**
 * Writes report.md and success.svg into `dir` (created if needed), each atomically, from the
 * records given; returns the summaries they were made of.
 */
export async function writeSweepReport(dir: string, records: readonly SweepRecord[], command: string): Promise<TaskSummary[]> {
  const summaries = summarize(records);
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, PLOT_FILE), successPlot(summaries));
  await writeFileAtomic(join(dir, 'report.md'), sweepMarkdown(summaries, budgets(records), command));
  return summaries;
}

/**
 * Success rate against parameter count, one line per task and regime: at each parameter count,
 * the best shape of that size (the frontier a smaller rule would have to beat).
 */
export function successPlot(summaries: readonly TaskSummary[]): string {
  const series: ChartSeries[] = summaries.flatMap((summary, k) =>
    summary.regimes.map((regime) => {
      const best = new Map<number, number>();
      for (const { params, scores } of summary.shapes) {
        const score = scores.get(regime);
        if (score) best.set(params, Math.max(best.get(params) ?? 0, (100 * score.certified) / score.runs));
      }
      const points = [...best].sort(([a], [b]) => a - b);
      const name = summaries.length > 1 ? `${summary.task}, ${REGIME_TEXT[regime]}` : REGIME_TEXT[regime];
      return { name, points, colour: COLOURS[regime], dashed: DASHES[k % DASHES.length] };
    }),
  );
  return lineChart(series, { title: 'Certified seeds against parameters', xLabel: 'parameters (the best shape of each size)', yLabel: 'seeds certified', yDomain: [0, 100], yFormat: (v) => `${v}%` });
}

/** The report: the grid, each task's table of shapes by regime, the smallest shapes found, and what they do not show. */
export function sweepMarkdown(summaries: readonly TaskSummary[], budget: string, command: string): string {
  const out = [
    '# Parameter sweep',
    '',
    `Made by \`${command}\` on ${machineText()}. Budget of every run: ${budget}.`,
    '',
    'Each run trains one shape in one regime from one seed. It counts as certified when its learned rule equals the ' +
      "task's reference rule on every reachable neighbourhood (the certificate of the compiled table; relax --ignore-rule " +
      'compares only after training, which never read the rule); where no certificate can be had (a task without a reference ' +
      'rule, or a model whose table is over the bound on compiling, marked \\*), when every random ' +
      'and adversarial instance up to L = 4096 is answered exactly, and such a run is then run again at L = 1,000,000 on its ' +
      'compiled table (random instances and every adversarial family; the findings below say how many were exact there). Every regime here trains a discrete model, which has ' +
      "one state channel per symbol of the task: C is the task's, not a choice.",
    '',
  ];
  for (const summary of summaries) out.push(...taskSection(summary));
  out.push(`![Certified seeds against parameters](${PLOT_FILE})`, '', '*Share of seeds certified against the parameter count, per regime: at each count, the best shape of that size.*', '');
  return out.join('\n');
}

function taskSection(summary: TaskSummary): string[] {
  const header = ['shape', 'params', ...summary.regimes.map((r) => REGIME_TEXT[r])];
  const rows = summary.shapes.map(({ shape, features, params, scores }) => [shapeText(shape, features), params, ...summary.regimes.map((r) => scoreText(scores.get(r)))]);
  const reliable = `at least ${Math.round(RELIABLE_SHARE * 100)}% of its seeds (9 of 10)`;
  const lines = [`## ${summary.task}`, '', `${summary.runs} runs. Seeds certified, per shape and regime:`, '', markdownTable([header, ...rows]), ''];
  if (summary.uncertifiable !== undefined) {
    lines.push(
      `\\* No certificate could be had for these runs' models (e.g. ${summary.uncertifiable}): they were judged by the sweep to 4096 instead, ` +
        'and those that passed it were run at L = 1,000,000; the count is of those that passed the sweep, and none of them is named ' +
        'among the smallest certified shapes below.',
      '',
    );
  }
  for (const [regime, smallest] of summary.smallest) {
    const who = regime === 'any' ? 'In any regime' : `${REGIME_TEXT[regime]}`;
    lines.push(`- ${who}: ${findingText(smallest, reliable)}`);
  }
  lines.push('', lowerBoundText(summary), '');
  return lines;
}

/** What the grid says of the fewest parameters that suffice: never more than what was tried. */
function lowerBoundText(summary: TaskSummary): string {
  const floor = summary.smallest.get('any')?.any;
  if (!floor) return 'No run was certified, so the grid gives no size that suffices, and no lower bound either: only that nothing in it succeeded with this budget and these seeds.';
  if (floor.params <= summary.shapes[0].params) {
    return `The smallest shape tried (${floor.params} parameters) had a certified seed, so this grid gives no lower bound at all: shapes below it were not tried.`;
  }
  return (
    `The lower bound is only this: no configuration below ${floor.params} parameters succeeded in the grid tried, with this budget and these seeds. ` +
    'It does not say that a smaller rule cannot exist; shapes outside the grid, longer budgets or other seeds may find one.'
  );
}

function findingText(smallest: Smallest, reliable: string): string {
  const named = (s: ShapeScore) => `${shapeText(s.shape, s.features)} (${s.params} parameters, ${REGIME_TEXT[s.regime]}: ${s.certified}/${s.runs} certified${longText(s)})`;
  const reliableText = smallest.reliable ? `the smallest shape certified in ${reliable} is ${named(smallest.reliable)}` : `no shape was certified in ${reliable}`;
  const anyText = smallest.any ? `the smallest with any certified seed is ${named(smallest.any)}` : 'no shape had a certified seed';
  return `${reliableText}; ${anyText}.`;
}

/** What the runs the sweep to 4096 passed did at 10⁶. */
function longText(score: ShapeScore): string {
  const long = score.long;
  if (!long) return '';
  const where = `L = ${long.length.toLocaleString('en-US')}`;
  return long.skipped === long.checked
    ? `; not run at ${where} (${long.why})`
    : `; run again at ${where}: ${long.exact} of ${long.checked} exact on every random and adversarial instance${long.skipped > 0 ? ` (${long.skipped} not run: ${long.why})` : ''}`;
}

function scoreText(score: ShapeScore | undefined): string {
  return score ? `${score.certified}/${score.runs}${score.uncertifiable > 0 ? ' \\*' : ''}` : '';
}

/** The budgets the records ran on, as the report states them. */
function budgets(records: readonly SweepRecord[]): string {
  const texts = new Set(records.map((r) => budgetText(r.budget)));
  return texts.size === 0 ? 'none (no records)' : [...texts].join('; ');
}

export function budgetText(budget: SweepBudget): string {
  const iterations = budget.maxIterations === null ? "the regime's iteration budget" : `${budget.maxIterations} iterations`;
  return `${budget.maxSeconds} s or ${iterations}, whichever ends first`;
}
