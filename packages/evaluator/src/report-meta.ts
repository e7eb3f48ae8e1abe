/** What a report says about the run around the sweeps. Every field is optional. */
export interface ReportMeta {
  title?: string;
  /** ISO date or any date text. */
  date?: string;
  /** e.g. "Node 20.20 on linux x64, 8 cores". */
  machine?: string;
  backend?: string;
  /** Training wall time per report, by `reportName` (the task id of a SEAD model), in seconds. */
  trainingSeconds?: Readonly<Record<string, number>>;
  /** Free text: one paragraph per entry. */
  notes?: string | readonly string[];
  /** Images written beside the report (plots), linked by paths relative to it. */
  figures?: readonly ReportFigure[];
}

/** An image the Markdown report embeds: its path relative to the report, and what it shows. */
export interface ReportFigure {
  readonly path: string;
  readonly caption: string;
}

export const DEFAULT_TITLE = 'SEAD length generalisation';

export function notesOf(meta: ReportMeta): string[] {
  if (meta.notes === undefined) return [];
  return typeof meta.notes === 'string' ? [meta.notes] : [...meta.notes];
}
