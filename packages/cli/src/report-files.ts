import { mkdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { reportJson, reportMarkdown, type ReportMeta, type SweepReport } from '@sead/evaluator';
import { writeFileAtomic } from '@sead/node';
import { reportPlots } from './report-plots.js';

/** The machine a report was made on, e.g. "Node v20.20.2 on linux x64, 8 × Intel(R) Xeon(R) …". */
export function machineText(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() || 'unknown CPU';
  return `Node ${process.version} on ${process.platform} ${process.arch}, ${cores.length} × ${model}`;
}

/** Facts about the run beyond what `ReportMeta` holds; stored under "run" in report.json. */
export interface RunFacts {
  node: string;
  platform: string;
  cpus: { model: string; count: number };
  backend: string;
  totalSeconds: number;
  [key: string]: unknown;
}

export function runFacts(backend: string, totalSeconds: number, extra: Record<string, unknown> = {}): RunFacts {
  const cores = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: { model: cores[0]?.model.trim() ?? 'unknown', count: cores.length },
    backend,
    totalSeconds: Math.round(totalSeconds * 100) / 100,
    ...extra,
  };
}

/** The report as JSON: the evaluator's report with the run's facts added. */
export function reportObject(reports: readonly SweepReport[], meta: ReportMeta, run: RunFacts): object {
  return { ...reportJson(reports, meta), run };
}

/**
 * Writes report.json, report.md and the plots it embeds (steps.svg, accuracy.svg) into `dir`
 * (created if needed), each atomically; returns the paths of the two reports and the JSON written.
 */
export async function writeReports(dir: string, reports: readonly SweepReport[], meta: ReportMeta, run: RunFacts): Promise<{ paths: string[]; report: object }> {
  await mkdir(dir, { recursive: true });
  const plots = reportPlots(reports);
  for (const plot of plots) await writeFileAtomic(join(dir, plot.path), plot.svg);
  const withFigures: ReportMeta = { ...meta, figures: plots.map(({ path, caption }) => ({ path, caption })) };
  const report = reportObject(reports, withFigures, run);
  const json = join(dir, 'report.json');
  const markdown = join(dir, 'report.md');
  await writeFileAtomic(json, JSON.stringify(report, null, 2) + '\n');
  await writeFileAtomic(markdown, reportMarkdown(reports, withFigures));
  return { paths: [json, markdown], report };
}
