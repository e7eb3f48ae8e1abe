import { useNodeBackend } from '@sead/node';
import { rule110 } from '@sead/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';
import { reportJson, REPORT_FORMAT } from './json.js';
import { reportMarkdown } from './markdown.js';
import { lengthSweep, type SweepReport } from './sweep.js';
import { suiteTable, summaryTable } from './tables.js';
import { identityModel, rule110Model, spreadModel } from './test-models.js';
import { bitTask } from './test-tasks.js';

let reports: SweepReport[];

beforeAll(async () => {
  await useNodeBackend();
  const identity = bitTask({ id: 'identity', rule: 'identity' });
  const spread = bitTask({ id: 'spread', rule: 'spread' });
  reports = [
    lengthSweep(identityModel(identity), identity, { lengths: [8, 16], randomPerLength: 3 }),
    // The identity model on the spread task: fails the lone ones, right on all zeros.
    lengthSweep(identityModel(spread), spread, { lengths: [8], randomPerLength: 0 }),
  ];
});

const meta = { title: 'Evaluator test', date: '2025-01-02', machine: 'test rig', trainingSeconds: { identity: 12.5 }, notes: ['First note.', 'Second | note.'] };

describe('reportMarkdown', () => {
  it('opens with the title and the run facts, then a summary row per task × length', () => {
    const md = reportMarkdown(reports, meta);
    expect(md.startsWith('# Evaluator test\n\n- Date: 2025-01-02\n- Machine: test rig\n- Backend: cpu\n')).toBe(true);
    expect(md).toContain('| Model | L | Exact match | Random median steps | Adversarial max steps | Updates per cell (max) | Params |\n|:---|---:|---:|---:|---:|---:|---:|');
    expect(md).toContain('| identity | 8 | 6/6 (100.0%) | 0 | 0 | 1 | 44 |');
    expect(md).toContain('| identity | 16 | 6/6 (100.0%) | 0 | 0 | 1 | 44 |');
    expect(md).toContain('| spread | 8 | 1/3 (33.3%) | - | 0 | 1 | 44 |');
  });

  it('gives each task its model, training time and a table per suite, then the notes', () => {
    const md = reportMarkdown(reports, meta);
    const identity = md.slice(md.indexOf('## identity'), md.indexOf('## spread'));
    expect(identity).toContain('- Parameters: 44 (C=2, E=2, H=2, r=1, discrete)');
    expect(identity).toContain('- Training time: 12.5 s');
    expect(identity).toContain('- All correct: yes');
    expect(identity).toMatch(/\| 16 \| single-one \| 2\/2 \(100\.0%\) \| 2\/2 \| 0 \| 0 \| 0\.0 \| 0 \| \d+\.\d+ \|/);
    const spread = md.slice(md.indexOf('## spread'), md.indexOf('## Notes'));
    expect(spread).toContain('- All correct: no');
    expect(spread).not.toContain('Training time');
    expect(spread).toContain('| 8 | single-one | 0/2 (0.0%) |');
    expect(md.endsWith('## Notes\n\nFirst note.\n\nSecond | note.\n')).toBe(true);
  });

  it('embeds the figures after the summary, by relative links', () => {
    const figures = [{ path: 'steps.svg', caption: 'Steps to converge against L' }, { path: 'plots/accuracy [all].svg', caption: 'Exact match [%] against L' }];
    const md = reportMarkdown(reports, { ...meta, figures });
    const plots = md.slice(md.indexOf('## Plots'), md.indexOf('## identity'));
    expect(md.indexOf('## Summary')).toBeLessThan(md.indexOf('## Plots'));
    expect(plots).toBe('## Plots\n\n![Steps to converge against L](steps.svg)\n\n*Steps to converge against L*\n\n![Exact match % against L](plots/accuracy%20%5Ball%5D.svg)\n\n*Exact match [%] against L*\n\n');
    expect(reportJson(reports, { figures }).figures).toEqual(figures);
    expect(reportMarkdown(reports, meta)).not.toContain('## Plots');
  });

  it('adds a trajectory column for rollout tasks', () => {
    const rollout = lengthSweep(rule110Model(rule110), rule110, { lengths: [8], randomPerLength: 2 });
    expect(suiteTable(rollout)[0]).toContain('Trajectory match');
    expect(reportMarkdown([rollout])).toMatch(/\| 8 \| random \| 2\/2 \(100\.0%\) \| 2\/2 \| 8 \| 8 \| 8\.0 \| 8 \| 2\/2 \|/);
    expect(suiteTable(reports[0])[0]).not.toContain('Trajectory match');
  });
});

describe('reportJson', () => {
  it('is plain data that survives a JSON round trip unchanged', () => {
    const json = reportJson(reports, meta);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json).toMatchObject({ format: REPORT_FORMAT, title: 'Evaluator test', backend: 'cpu', trainingSeconds: { identity: 12.5 }, notes: meta.notes });
    expect(json.summary.map((s) => [s.task, s.length, s.correct, s.total, s.parameters])).toEqual([
      ['identity', 8, 6, 6, 44],
      ['identity', 16, 6, 6, 44],
      ['spread', 8, 1, 3, 44],
    ]);
    expect(json.tasks.map((t) => t.rows.length)).toEqual([6, 2]);
  });

  it('fills absent meta with nulls and defaults', () => {
    expect(reportJson([], {})).toMatchObject({ title: 'SEAD length generalisation', date: null, machine: null, backend: null, notes: [], figures: [], summary: [], tasks: [] });
  });
});

describe('terminal tables', () => {
  it('prints the summary aligned', () => {
    const lines = formatTable(summaryTable(reports)).split('\n');
    expect(lines).toHaveLength(2 + 3);
    expect(lines[3]).toMatch(/^identity\s+16\s+6\/6 \(100\.0%\)\s+0\s+0\s+1\s+44$/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
