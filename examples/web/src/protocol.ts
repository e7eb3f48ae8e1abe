import type { Certificate, Outcome } from '@sead/core';

/** What the page asks of the cpu worker. */
export type WorkerRequest =
  | { readonly type: 'train'; readonly id: number; readonly taskId: string; readonly seed: number }
  | {
      readonly type: 'long-run';
      readonly id: number;
      readonly taskId: string;
      /** The input as the task's `format` gives it (what `parse` accepts). */
      readonly input: Record<string, unknown>;
      /** The largest diagram image wanted, in pixels. */
      readonly maxImage: { readonly width: number; readonly height: number };
    };

export interface TrainingProgress {
  readonly type: 'progress';
  readonly id: number;
  readonly iteration: number;
  readonly loss: number;
  readonly seconds: number;
  /** The latest validation, e.g. "L=64 38/38, L=256 38/38". */
  readonly validation?: string;
}

export interface Trained {
  readonly type: 'trained';
  readonly id: number;
  readonly checkpoint: unknown;
  readonly solved: boolean;
  readonly iterations: number;
  readonly seconds: number;
  readonly validation: string;
  readonly parameters: number;
  readonly certificate: Pick<Certificate, 'neighbourhoods' | 'reachable' | 'minMargin' | 'tableEqualsNetwork' | 'reference'>;
}

export interface LongRunResult {
  readonly type: 'long-result';
  readonly id: number;
  readonly output: string;
  readonly reference: string;
  /** The answer equals the reference and the run converged. */
  readonly correct: boolean;
  readonly steps: number;
  readonly outcome: Outcome;
  readonly period?: number;
  readonly cells: number;
  /** Milliseconds: compiling the table (0 when it was compiled before, and for a grid, whose runs fill it), the run, drawing its picture. */
  readonly compileMs: number;
  readonly runMs: number;
  readonly drawMs: number;
  readonly image: { readonly width: number; readonly height: number; readonly rgba: ArrayBuffer };
  readonly picture: LongRunPicture;
}

/** What a long run's image shows. */
export type LongRunPicture =
  /** A row's spacetime diagram; `sampled` when too long to read every step, so `rowsDrawn` steps were. */
  | { readonly kind: 'diagram'; readonly rowsDrawn: number; readonly sampled: boolean }
  /** A grid as the run ended. */
  | { readonly kind: 'grid'; readonly rows: number; readonly columns: number };

export interface WorkerFailure {
  readonly type: 'error';
  readonly id: number;
  readonly message: string;
}

export type WorkerReply = TrainingProgress | Trained | LongRunResult | WorkerFailure;

/** Scores as one line: "L=64 38/38, L=256 38/38". */
export function formatScores(scores: readonly { length: number; correct: number; total: number }[]): string {
  return scores.map((s) => `L=${s.length} ${s.correct}/${s.total}`).join(', ');
}
