import { extname } from 'node:path';
import { BoundError } from '@sead/core';
import { COLOURINGS, DEFAULT_MAX_COLUMNS, encodePng, renderRaster, renderSvg, traceRun, type Colouring } from '@sead/diagram';
import { seededRandom, TaskInputError, type Task } from '@sead/tasks';
import { writeFileAtomic } from '@sead/node';
import { engineOption, integerOption, optionalString, required, type OptionValues } from '../args.js';
import { selectBackend } from '../backend.js';
import { boundHelp, boundMessage, boundOptions, boundsOption, compileUpFront } from '../bounds.js';
import { allowEditedOption, backendOption, engineOptionSpec, helpOption, jsonOption, modelOption, taskOption, type Command } from '../command.js';
import { Failure, UsageError } from '../errors.js';
import { shortText } from '../format.js';
import { drawGrid } from '../grid-diagram.js';
import { checkpointOptions, loadModel } from '../model-source.js';
import { prepareFile } from '../out-file.js';
import { printLine } from '../output.js';
import { resolveTask } from '../task-option.js';
import { MAX_SEED } from './train.js';

/** Fields of the built-in tasks that can be given as options of their own (--a 99 --b 1). */
export const FIELD_OPTIONS = ['a', 'b', 'bits', 'cells', 'steps'] as const;

/** Rollouts are compared with the reference at every point: beyond this many the run would take minutes. */
export const MAX_ROLLOUT_POINTS = 2_000_000_000;

const help = `Usage: sead diagram --task <id> (--input <json> | --<field> <value>… | --length <L>) --out <file.png|file.svg> [options]

Draws the spacetime diagram of one run (time down, cells across) as PNG or SVG, by the extension
of --out: each cell coloured by its state symbol (or one panel per state channel), and in red every
point where the run differs from the task's reference (rollouts: the reference rule's trajectory at
every step; fixed-point tasks: the settled row against the right answer). Long runs are pooled to
at most --width × --height blocks; a run of a million cells and a million steps still makes a
readable picture.

A task of grids (multiplication) is drawn as one picture of two panels: on the left, each cell
coloured by the step at which it last changed, light early and dark late, so the wavefront that
settled the grid shows as the order of the shades; on the right, the symbols the cells end in, red
where they differ from the right answer. The SVG adds the input, the answer, the step scale and the
symbols. A grid wider than --width / 2 or taller than --height is pooled, k × k cells to a block.

The instance:
      --input <json>      the instance as the JSON object "sead predict" reads, or - for stdin
      --a, --b, --bits, --cells, --steps <value>
                          fields of the instance, e.g. --a 9999999999 --b 1 (addition),
                          --bits 0110 (parity), --cells 0001011 --steps 20 (rule110),
                          --a 1011 --b 110 (multiplication); they override the same fields
                          of --input
      --length <L>        instead: an instance of L cells drawn by the task itself
      --family <name>     with --length: "random" (default) or an adversarial family of the task
      --seed <N>          with --length random: the seed (default 0)

Options:
  -t, --task <id>         task (parity, addition, rule110, multiplication, or a plugin's)
      --plugin <module>   load tasks from a plugin module (a file or package; repeatable)
  -m, --model <file>      checkpoint to run (default: the model shipped for the task)
      --allow-edited      load the checkpoint even if its config or weights were edited after
                          training (they no longer match its digest) or it has none (version 1)
  -o, --out <file>        picture to write: .png or .svg
      --colour <name>     symbols (default) or channels (rows only)
      --no-overlay        do not mark the points that differ from the reference
      --width <px>        largest diagram width, and columns before cells are pooled (default ${DEFAULT_MAX_COLUMNS})
      --height <px>       largest diagram height, and block rows before steps are pooled (default ${DEFAULT_MAX_COLUMNS})
      --max-steps <N>     step cap for fixed-point tasks (default 2L + 64)
      --engine <name>     dense, sparse or auto (default: sparse for discrete models)
${boundHelp(26)}
      --backend <name>    tfjs backend: cpu (default) or wasm
      --json              print one JSON object describing the picture instead of the line
  -h, --help              show this help

Exit status: 0 when the picture is written, whether or not the model's answer is right (the
picture and the printed line say which).`;

export const diagramCommand: Command = {
  name: 'diagram',
  summary: 'draw the spacetime diagram of one run as PNG or SVG',
  help,
  options: {
    ...taskOption,
    ...modelOption,
    ...allowEditedOption,
    input: { type: 'string' },
    ...Object.fromEntries(FIELD_OPTIONS.map((name) => [name, { type: 'string' as const }])),
    length: { type: 'string' },
    family: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string', short: 'o' },
    colour: { type: 'string' },
    'no-overlay': { type: 'boolean' },
    width: { type: 'string' },
    height: { type: 'string' },
    'max-steps': { type: 'string' },
    ...engineOptionSpec,
    ...boundOptions,
    ...backendOption,
    ...jsonOption,
    ...helpOption,
  },
  async run(values: OptionValues): Promise<number> {
    const task = await resolveTask(values);
    const out = required(values, 'out', ' (the picture to write, .png or .svg)');
    const format = extname(out).toLowerCase();
    if (format !== '.png' && format !== '.svg') throw new UsageError(`--out must end in .png or .svg, got ${JSON.stringify(out)}`);
    const colour = (optionalString(values, 'colour') ?? 'symbols') as Colouring;
    if (!COLOURINGS.includes(colour)) throw new UsageError(`--colour must be ${COLOURINGS.join(' or ')}, got ${JSON.stringify(colour)}`);
    const grids = task.dimensions === 2;
    if (grids && colour !== 'symbols') throw new UsageError(`--colour ${colour} draws rows; task "${task.id}" lays its lattices out as grids, drawn by their symbols and the step each cell last changed`);
    const width = integerOption(values, 'width', 16, 10_000) ?? DEFAULT_MAX_COLUMNS;
    const height = integerOption(values, 'height', 16, 10_000) ?? DEFAULT_MAX_COLUMNS;
    const maxSteps = integerOption(values, 'max-steps', 1);
    const engine = engineOption(values);
    const bounds = boundsOption(values);
    const instance = await instanceFrom(task, values);
    // A grid's end state is compared with the reference, not its every step: only rows' rollouts are bounded here.
    if (!grids) {
      const lattice = task.encode(instance);
      if (task.dynamics === 'rollout' && lattice.length * ((lattice.steps ?? 0) + 1) > MAX_ROLLOUT_POINTS) {
        throw new UsageError(`a rollout of ${lattice.length} cells for ${lattice.steps} steps is more than ${MAX_ROLLOUT_POINTS} points to run and check; draw a shorter one`);
      }
    }
    await prepareFile(out);
    await selectBackend(values.backend);
    const { model, source } = await loadModel(task, optionalString(values, 'model'), checkpointOptions(values));
    compileUpFront(model, task, engine, bounds);

    const overlay = values['no-overlay'] !== true;
    if (grids) {
      const picture = format === '.png' ? 'png' : 'svg';
      return drawGrid({ task, model, source, instance, out, format: picture, engine, maxSteps, bounds, overlay, width, height, json: values.json === true });
    }
    const panels = colour === 'channels' ? (model.config.mode === 'continuous' ? model.config.channels : task.stateSymbols.length) : 1;
    let trace;
    try {
      trace = traceRun(model, task, instance, {
        engine,
        maxSteps,
        ...bounds,
        reference: overlay,
        maxColumns: Math.max(1, Math.floor(width / panels)),
        maxRows: height,
      });
    } catch (error) {
      throw error instanceof BoundError ? new Failure(boundMessage(error)) : error;
    } finally {
      model.dispose();
    }
    const picture = { colour, overlay, maxWidth: width, maxHeight: height };
    const raster = format === '.png' ? renderRaster(trace, picture) : undefined;
    await writeFileAtomic(out, raster ? encodePng(raster) : renderSvg(trace, picture));

    const { grid } = trace;
    if (values.json === true) {
      await printLine(
        JSON.stringify({
          out,
          task: task.id,
          model: source,
          engine: trace.engine,
          cells: grid.cells,
          steps: trace.steps,
          outcome: trace.outcome,
          converged: trace.converged,
          correct: trace.correct,
          reference: trace.reference,
          wrongPoints: trace.wrongPoints,
          pooled: { cellsPerColumn: grid.cellsPerColumn, stepsPerRow: grid.rowsPerBlock },
          ...(raster && { width: raster.width, height: raster.height }),
        }),
      );
      return 0;
    }
    const verdict = trace.correct ? 'correct' : trace.converged ? `WRONG (expected ${shortText(task.formatOutput(trace.expected))})` : `not converged (${trace.outcome})`;
    const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
    const pooled = grid.cellsPerColumn > 1 || grid.rowsPerBlock > 1 ? `, ${plural(grid.cellsPerColumn, 'cell')} × ${plural(grid.rowsPerBlock, 'step')} per block` : '';
    const wrong = trace.reference !== null && trace.wrongPoints > 0 ? `; ${trace.wrongPoints} points differ from the reference` : '';
    await printLine(`wrote ${out}: ${task.id}, ${grid.cells} cells, ${trace.steps} steps (${trace.outcome}${pooled}); answer ${shortText(task.formatOutput(trace.output))} ${verdict}${wrong}`);
    return 0;
  },
};

/** The instance from --length/--family, or from --input and the field options. */
async function instanceFrom(task: Task<any, any>, values: OptionValues): Promise<unknown> {
  const fields = FIELD_OPTIONS.filter((name) => values[name] !== undefined);
  const length = integerOption(values, 'length', 1, 10_000_000);
  const family = optionalString(values, 'family');
  const seed = integerOption(values, 'seed', 0, MAX_SEED);
  if (length !== undefined) {
    if (values.input !== undefined || fields.length > 0) throw new UsageError(`give the instance either with --length or with --input/--${fields[0] ?? 'a'}, not both`);
    if (family === undefined || family === 'random') return task.random(length, seededRandom(seed ?? 0));
    if (seed !== undefined) throw new UsageError('--seed goes with --family random; adversarial families are not random');
    const families = task.adversarial(length);
    const found = families.find((f) => f.family === family);
    if (!found) throw new UsageError(`task "${task.id}" has no adversarial family "${family}"; its families: random, ${families.map((f) => f.family).join(', ')}`);
    return found.instance;
  }
  if (family !== undefined || seed !== undefined) throw new UsageError(`--${family !== undefined ? 'family' : 'seed'} goes with --length`);
  const known = Object.keys(task.format(task.random(2, seededRandom(0))));
  const input = optionalString(values, 'input');
  if (input === undefined && fields.length === 0) {
    throw new UsageError(`give the instance: --input '{…}' with the fields of task "${task.id}" (${known.join(', ')}), those fields as options, or --length`);
  }
  let object: Record<string, unknown> = {};
  if (input !== undefined) {
    const text = input === '-' ? await readStdin() : input;
    try {
      object = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new UsageError(`--input is not JSON: ${shortText(text.trim())}`);
    }
    if (object === null || typeof object !== 'object' || Array.isArray(object)) throw new UsageError(`--input must be a JSON object with the fields of task "${task.id}" (${known.join(', ')})`);
  }
  for (const name of fields) {
    if (!known.includes(name)) throw new UsageError(`--${name} is not a field of task "${task.id}"; its fields: ${known.join(', ')}`);
    object = { ...object, [name]: values[name] };
  }
  try {
    return task.parse(object);
  } catch (error) {
    if (error instanceof TaskInputError) throw new UsageError(`bad instance: ${error.message}`);
    throw error;
  }
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin.setEncoding('utf8')) text += chunk;
  return text;
}
