import { BoundError, type Engine, type SeadModel } from '@sead/core';
import { encodePng, PANEL_GAP, renderGridRaster, renderGridSvg, traceGrid } from '@sead/diagram';
import { writeFileAtomic } from '@sead/node';
import type { Task } from '@sead/tasks';
import { boundMessage, type Bounds } from './bounds.js';
import { Failure } from './errors.js';
import { shortText } from './format.js';
import { printLine } from './output.js';

/** What `sead diagram` asks of the picture of a grid's run. */
export interface GridDiagramRequest {
  readonly task: Task<any, any>;
  readonly model: SeadModel;
  /** Where the model came from, for the JSON summary. */
  readonly source: string;
  readonly instance: unknown;
  readonly out: string;
  readonly format: 'png' | 'svg';
  readonly engine: Engine;
  readonly maxSteps: number | undefined;
  readonly bounds: Bounds;
  readonly overlay: boolean;
  /** The largest picture: both panels side by side in `width`, so each at most half of it (less the gap) blocks across, and `height` down. */
  readonly width: number;
  readonly height: number;
  readonly json: boolean;
}

/**
 * Draws one run of a grid task (`dimensions: 2`): when each cell last changed beside the symbols it
 * ends in (see `traceGrid` and `gridLayout` of @sead/diagram), writes the picture and reports it as
 * the command's one line, or as JSON. Disposes of the model.
 */
export async function drawGrid(request: GridDiagramRequest): Promise<number> {
  const { task, model, out, width, height } = request;
  let trace;
  try {
    trace = traceGrid(model, task, request.instance, {
      engine: request.engine,
      maxSteps: request.maxSteps,
      ...request.bounds,
      reference: request.overlay,
      maxColumns: Math.max(1, Math.floor((width - PANEL_GAP) / 2)),
      maxRows: height,
    });
  } catch (error) {
    throw error instanceof BoundError ? new Failure(boundMessage(error)) : error;
  } finally {
    model.dispose();
  }
  const picture = { overlay: request.overlay, maxWidth: width, maxHeight: height };
  const raster = request.format === 'png' ? renderGridRaster(trace, picture) : undefined;
  await writeFileAtomic(out, raster ? encodePng(raster) : renderGridSvg(trace, picture));

  const { map } = trace;
  if (request.json) {
    await printLine(
      JSON.stringify({
        out,
        task: task.id,
        model: request.source,
        engine: trace.engine,
        rows: map.rows,
        columns: map.columns,
        steps: trace.steps,
        outcome: trace.outcome,
        converged: trace.converged,
        correct: trace.correct,
        reference: trace.reference,
        wrongCells: trace.wrongCells,
        pooled: { cellsPerBlock: map.cellsPerBlock },
        ...(raster && { width: raster.width, height: raster.height }),
      }),
    );
    return 0;
  }
  const verdict = trace.correct ? 'correct' : trace.converged ? `WRONG (expected ${shortText(trace.expectedAnswer)})` : `not converged (${trace.outcome})`;
  const pooled = map.cellsPerBlock > 1 ? `, ${map.cellsPerBlock} × ${map.cellsPerBlock} cells per block` : '';
  const wrong = trace.wrongCells > 0 ? `; ${trace.wrongCells} cell${trace.wrongCells === 1 ? '' : 's'} differ${trace.wrongCells === 1 ? 's' : ''} from the reference` : '';
  await printLine(`wrote ${out}: ${task.id}, ${map.rows} × ${map.columns} cells, ${trace.steps} steps (${trace.outcome}${pooled}); answer ${shortText(trace.answer)} ${verdict}${wrong}`);
  return 0;
}
