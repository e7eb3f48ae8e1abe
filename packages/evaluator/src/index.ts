/**
 * Length sweeps of any model of a task, SEAD's or another architecture's ({@link lengthSweep}):
 * random and adversarial suites at every length, exact match and steps per length, SEAD's rollouts
 * compared step by step with the task's reference rule, and the JSON and Markdown reports ({@link reportJson}, {@link reportMarkdown}).
 *
 * @packageDocumentation
 */
export {
  lengthSweep,
  DEFAULT_LENGTHS,
  DEFAULT_RANDOM_PER_LENGTH,
  DEFAULT_MAX_WORK,
  type InstanceProgress,
  type SkippedLength,
  type LengthSummary,
  type RolloutSummary,
  type SweepOptions,
  type SweepProgress,
  type SweepReport,
  type SweepRow,
  type SweepSettings,
} from './sweep.js';
export { rolloutAgreement, TrajectoryCheck, type Mismatch, type RolloutAgreement } from './rollout.js';
export { buildSuites, suiteSeed, type Suite, type SuiteOptions } from './suites.js';
export { stepStats, type StepStats } from './stats.js';
export { reportJson, REPORT_FORMAT, REPORT_VERSION, type JsonReport } from './json.js';
export { reportMarkdown, markdownTable, certificateText, differenceText, gridCheckText, modelCheckText, renamingText, settledText } from './markdown.js';
export { type ReportMeta, type ReportFigure } from './report-meta.js';
export { comparisonTable, reportName, summaryTable, suiteTable } from './tables.js';
export { formatTable, isNumericCell, type Align, type Cell, type TableOptions } from './format-table.js';
