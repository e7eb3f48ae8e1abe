import type { Difference, GridCheck, ReferenceCheck, SeadConfig } from '@sead/core';
import { OUTSIDE } from '@sead/tasks';
import { columnAlignment, type Cell } from './format-table.js';
import { DEFAULT_TITLE, notesOf, type ReportMeta } from './report-meta.js';
import type { SweepReport } from './sweep.js';
import { comparisonTable, reportName, secondsText, suiteTable, summaryTable } from './tables.js';

/** A Markdown table; numeric columns are right-aligned. The first row is the header. */
export function markdownTable(rows: readonly (readonly Cell[])[]): string {
  const align = columnAlignment(rows);
  const line = (cells: readonly Cell[]) => `| ${cells.map((c) => escapeCell(String(c))).join(' | ')} |`;
  const rule = `|${align.map((a) => (a === 'right' ? '---:' : ':---')).join('|')}|`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

/** Image alt text: brackets would end the link. */
function escapeAlt(text: string): string {
  return text.replace(/[[\]]/g, '').replace(/\r?\n/g, ' ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The sweeps as a Markdown document: a summary table (one row per task × length), then per task
 * its model, training and a table per suite, then the notes.
 */
export function reportMarkdown(reports: readonly SweepReport[], meta: ReportMeta = {}): string {
  const out: string[] = [`# ${meta.title ?? DEFAULT_TITLE}`, ''];
  const backends = [...new Set(reports.map((r) => r.backend))];
  const facts: [string, string | undefined][] = [
    ['Date', meta.date],
    ['Machine', meta.machine],
    ['Backend', meta.backend ?? (backends.length > 0 ? backends.join(', ') : undefined)],
  ];
  for (const [name, value] of facts) if (value !== undefined) out.push(`- ${name}: ${value}`);
  if (facts.some(([, v]) => v !== undefined)) out.push('');
  // Several models of one task (SEAD beside other architectures): their exact match side by side.
  const tasks = new Set(reports.map((r) => r.task));
  if (tasks.size === 1 && new Set(reports.map((r) => r.architecture)).size > 1) {
    out.push(`## Exact match by length: ${[...tasks][0]}`, '', markdownTable(comparisonTable(reports)), '');
  }
  out.push('## Summary', '', markdownTable(summaryTable(reports)), '');
  if (meta.figures && meta.figures.length > 0) {
    out.push('## Plots', '');
    for (const figure of meta.figures) out.push(`![${escapeAlt(figure.caption)}](${encodeURI(figure.path)})`, '', `*${figure.caption}*`, '');
  }
  for (const report of reports) {
    out.push(`## ${reportName(report)}`, '');
    out.push(`- Parameters: ${report.parameters} (${shapeText(report)})`);
    out.push(`- Regime: ${report.regime}`);
    const training = meta.trainingSeconds?.[reportName(report)];
    if (training !== undefined) out.push(`- Training time: ${secondsText(training)} s`);
    out.push(`- All correct: ${report.allCorrect ? 'yes' : 'no'}`);
    if (report.settings.engine !== null) out.push(`- Engine: ${report.settings.engine}`);
    out.push(`- Certified exact: ${modelCheckText(report)}`);
    for (const { length, reason } of report.skipped) out.push(`- Not run at L=${length}: ${reason}`);
    const s = report.settings;
    out.push(`- Sweep: ${s.randomPerLength} random instances per length (seed ${s.seed})${s.adversarial ? ' and every adversarial family' : ''}`, '');
    out.push(markdownTable(suiteTable(report)), '');
  }
  const notes = notesOf(meta);
  if (notes.length > 0) out.push('## Notes', '', ...notes.flatMap((n) => [n, '']));
  return out.join('\n').trimEnd() + '\n';
}

/** The model's shape in brief: SEAD's C, E, H, r and mode; any other architecture's config as key=value. */
function shapeText(report: SweepReport): string {
  if (report.architecture === 'sead') {
    const { channels, embedding, hidden, radius, mode } = report.config as SeadConfig;
    return `C=${channels}, E=${embedding}, H=${hidden}, r=${radius}, ${mode}`;
  }
  return Object.entries(report.config)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}

/** The certificate in one sentence: what is proven, and for which weights. */
/** What a sweep's model is known to be beyond the lengths swept: its certificate, or a grid model's check. */
export function modelCheckText(report: Pick<SweepReport, 'certificate' | 'uncertified' | 'gridCheck'>): string {
  return report.gridCheck ? gridCheckText(report.gridCheck) : certificateText(report.certificate, report.uncertified);
}

export function certificateText(certificate: SweepReport['certificate'], uncertified?: string): string {
  if (uncertified !== undefined) return `not checked: ${uncertified}`;
  if (certificate === null) return 'no (only a discrete SEAD model has a finite table to check; exact at the lengths swept only)';
  const { reference, neighbourhoods, reachable, weightsHash, tableEqualsNetwork, minMargin } = certificate;
  const network = tableEqualsNetwork ? '' : `; on a reachable neighbourhood the network's logit gap (the smallest is ${minMargin.toExponential(1)}) is too small to rule out a different float32 argmax`;
  if (reference === null) return `no reference rule to compare with (${reachable} of ${neighbourhoods} neighbourhoods reachable, weights ${weightsHash})${network}`;
  const unreachable = reference.unreachableMismatches > 0 ? `; it differs from the reference on ${plural(reference.unreachableMismatches, 'neighbourhood')} no run can meet` : '';
  if (reference.exact && tableEqualsNetwork) {
    return `yes: the learned rule equals the task's reference rule on every reachable neighbourhood (${reachable} of ${neighbourhoods}; weights ${weightsHash}), so it is exact at every length${unreachable}`;
  }
  if (reference.relabelling && tableEqualsNetwork) {
    return `yes: the learned rule is the task's reference rule with symbols it only passes through renamed (${renamingText(reference.relabelling)}) on every reachable neighbourhood (${reachable} of ${neighbourhoods}; weights ${weightsHash}), so it gives the reference's answers at the same steps, at every length${unreachable}`;
  }
  if (reference.restsAgree && reference.maxChanges !== null && tableEqualsNetwork) {
    return `yes, the same answers: the learned rule differs from the reference rule on ${reference.mismatches} of ${reachable} reachable neighbourhoods (weights ${weightsHash})${settledText(reference)}, so it gives the reference's answer on every input, at every length${unreachable}`;
  }
  const listed = reference.differences.map(differenceText).join('; ');
  const transients = reference.mismatches > 0 ? settledText(reference) : '';
  return `no: the learned rule differs from the reference rule on ${reference.mismatches} of ${reachable} reachable neighbourhoods (weights ${weightsHash})${transients}${network}${listed ? `: ${listed}` : ''}`;
}

/**
 * What the check of a grid model says: exact at every size where it equals the reference on the
 * closure of reachable windows; otherwise what was compared, and where the two differ.
 */
export function gridCheckText(check: GridCheck): string {
  const { closure } = check;
  if (check.certified) {
    return `yes: the learned rule equals the task's reference rule on every window of the closure of reachable windows (${closure.windows}, over grids of every size; weights ${check.weightsHash}), so it is exact at every size`;
  }
  const met = `${plural(check.windows, 'window')} met by the reference's runs on ${check.runs} instances up to length ${check.largestLength}`;
  if (closure.complete && closure.mismatches > 0) {
    return `no: the learned rule differs from the reference rule on ${closure.mismatches} of ${closure.windows} reachable windows (weights ${check.weightsHash}): ${closure.differences.map(differenceText).join('; ')}`;
  }
  if (closure.complete) return `no: the learned rule equals the reference rule on the ${closure.windows} reachable windows, but a logit gap (the smallest is ${closure.minMargin.toExponential(1)}) is too small to rule out a different float32 argmax`;
  const evidence = check.mismatches === 0 ? `it equals the reference rule on the ${met}` : `it differs from the reference rule on ${check.mismatches} of the ${met}: ${check.differences.map(differenceText).join('; ')}`;
  return `not certified: the closure of reachable windows was not computed (${closure.why}); ${evidence}`;
}

/**
 * What the differences say about where runs end: the learned rule's resting lattices are the
 * reference's (its answers are, wherever it comes to rest), or some may not be, or that was not
 * compared; and whether it rests where the reference moves.
 */
export function settledText(reference: Pick<ReferenceCheck, 'settledMismatches' | 'restsAgree' | 'relabelling' | 'maxChanges'>): string {
  if (reference.relabelling) return `, only by the names of symbols it passes through (${renamingText(reference.relabelling)})`;
  if (reference.restsAgree === true && reference.maxChanges !== null) {
    const d = reference.maxChanges;
    return `, only on the way: every lattice it can come to rest on is the reference's for the same tokens, and every run comes to rest (a cell changes at most ${d === 1 ? 'once' : `${d} times`}, so L cells rest within ${d === 1 ? 'L' : `${d}·L`} steps)`;
  }
  if (reference.restsAgree === true) {
    return ', only on the way: every lattice it can come to rest on is the reference\'s for the same tokens, so wherever its run comes to rest it has the reference\'s answer (that every run comes to rest is not proven: a cell may change back and forth)';
  }
  const where = reference.settledMismatches === 0 ? 'wherever it comes to rest the reference rests too' : `${reference.settledMismatches} of them where it may come to rest and the reference would not`;
  if (reference.restsAgree === false) return `, ${where}; a lattice it may rest on differs from the reference's for the same tokens: its answer may differ`;
  return reference.settledMismatches === 0 ? `, only on the way: ${where} (whether on the reference's lattice for the same tokens was not compared)` : `, ${where}`;
}

/** A renaming of symbols as the pairs it moves: "1→2, 2→1" (the reference's symbol, then the learned rule's). */
export function renamingText(relabelling: readonly number[]): string {
  return relabelling.flatMap((to, from) => (to === from ? [] : [`${from}→${to}`])).join(', ');
}

/** A neighbourhood where the rules differ: "tokens [·, 1, 0], states [·, 2, 0]: 1, the reference 2" (· is beyond the lattice). */
export function differenceText({ tokens, states, network, reference }: Difference): string {
  const list = (values: readonly number[]) => `[${values.map((v) => (v === OUTSIDE ? '·' : v)).join(', ')}]`;
  return `tokens ${list(tokens)}, states ${list(states)}: ${network}, the reference ${reference}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
