import { DEFAULT_TITLE, notesOf, type ReportMeta } from './report-meta.js';
import type { SweepReport } from './sweep.js';

export const REPORT_FORMAT = 'sead-evaluation';
export const REPORT_VERSION = 1;

/** The sweeps and their context as one plain, JSON-serialisable object. */
export interface JsonReport {
  format: typeof REPORT_FORMAT;
  version: number;
  title: string;
  date: string | null;
  machine: string | null;
  backend: string | null;
  trainingSeconds: Record<string, number>;
  notes: string[];
  /** Images written beside the report, by path relative to it. */
  figures: { path: string; caption: string }[];
  /** One entry per task × length, as in the Markdown summary. */
  summary: {
    task: string;
    name: string;
    architecture: string;
    length: number;
    correct: number;
    total: number;
    accuracy: number;
    randomSteps: number | null;
    adversarialSteps: number | null;
    updatesPerCell: number | null;
    parameters: number;
  }[];
  tasks: SweepReport[];
}

export function reportJson(reports: readonly SweepReport[], meta: ReportMeta = {}): JsonReport {
  const backends = [...new Set(reports.map((r) => r.backend))];
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    title: meta.title ?? DEFAULT_TITLE,
    date: meta.date ?? null,
    machine: meta.machine ?? null,
    backend: meta.backend ?? (backends.length > 0 ? backends.join(', ') : null),
    trainingSeconds: { ...meta.trainingSeconds },
    notes: notesOf(meta),
    figures: (meta.figures ?? []).map(({ path, caption }) => ({ path, caption })),
    summary: reports.flatMap((r) => r.byLength.map((s) => ({ task: r.task, name: r.name, architecture: r.architecture, ...s, parameters: r.parameters }))),
    // A deep copy through JSON: what this returns is exactly what a file would hold.
    tasks: JSON.parse(JSON.stringify(reports)) as SweepReport[],
  };
}
