import { BoundError, predict, runLattice, type PredictOptions, type SeadModel } from '@sead/core';
import { asciiText, messageOf, TaskContractError, TaskInputError, type Task } from '@sead/tasks';
import { engineOption, integerOption, optionalString, type OptionValues } from '../args.js';
import { selectBackend } from '../backend.js';
import { boundHelp, boundMessage, boundOptions, boundsOption, compileUpFront, updateCapMessage, type Bounds } from '../bounds.js';
import { allowEditedOption, backendOption, engineOptionSpec, helpOption, modelOption, taskOption, type Command } from '../command.js';
import { Failure } from '../errors.js';
import { checkpointOptions, loadModel } from '../model-source.js';
import { MAX_BYTE_STRING, MAX_DEPTH, MAX_LINE_BYTES, MAX_TEXT_STRING, MAX_VALUES, MAX_WORD, readJsonLines, type ParsedLine } from '../json-lines.js';
import { jsonStringBytes, printLine, write } from '../output.js';
import { PluginError } from '../plugin-task.js';
import { resolveTask } from '../task-option.js';

const count = (n: number) => n.toLocaleString('en-US');

const help = `Usage: sead predict --task <id> [--model file] [--backend name] [--max-steps N]

Answers instances with a trained model. Reads JSON Lines on stdin, one instance per line, and writes
one JSON line per instance to stdout, in order, as each is answered:

  parity    {"bits":"0110"}              -> {"output":"0","steps":N,"converged":true}
  addition  {"a":"123","b":"989"}        -> {"output":"1112","steps":N,"converged":true}
  rule110   {"cells":"0110","steps":K}   -> {"output":"1110","steps":K,"converged":true}

Blank lines are skipped. A line that is not a valid instance, that a plugin's task fails on, or
whose run is over its bound gets {"error":"line N: <why>"} and the stream goes on; the exit status
is then 1. A run that hit the step cap still prints its output, with "converged":false. Input is
read as strict UTF-8, and a byte order mark is never skipped. Long digit strings are read as bytes,
never copied into strings, and long answers are written in pieces. A line is refused, without
being kept, as soon as it passes one of these bounds:

  containers nested                                          ${count(MAX_DEPTH)} levels deep
  values in one line                                         ${count(MAX_VALUES)}
  a key, or a string with escapes or beyond printable ASCII  ${count(MAX_TEXT_STRING)} bytes
  any other string                                           ${count(MAX_BYTE_STRING)} bytes
  a number or literal                                        ${count(MAX_WORD)} bytes
  keys, strings and numbers of one line together             ${count(MAX_LINE_BYTES)} bytes

Options:
  -t, --task <id>       task to answer (parity, addition, rule110, multiplication, or a plugin's)
      --plugin <module> load tasks from a plugin module (a file or package; repeatable)
  -m, --model <file>    checkpoint to use (default: the model shipped for the task)
      --allow-edited    load the checkpoint even if its config or weights were edited after
                        training (they no longer match its digest) or it has none (version 1)
      --backend <name>  tfjs backend: cpu (default) or wasm
      --engine <name>   dense (every cell every step) or sparse (event-driven; the default, auto)
      --max-steps <N>   step cap for fixed-point tasks (default 2L + 64); rollouts run their K steps
${boundHelp(24)}
  -h, --help            show this help`;

/**
 * Strings at least this long arrive as bytes: a task with a byte-level path (`encodeBytes`) reads
 * them without ever making them strings, and the answer is written in pieces.
 */
export const BYTE_STRINGS = 4096;

export const predictCommand: Command = {
  name: 'predict',
  summary: 'answer JSON Lines instances from stdin with a trained model',
  help,
  options: { ...taskOption, ...modelOption, ...allowEditedOption, ...backendOption, ...engineOptionSpec, 'max-steps': { type: 'string' }, ...boundOptions, ...helpOption },
  async run(values: OptionValues): Promise<number> {
    const task = await resolveTask(values);
    const maxSteps = integerOption(values, 'max-steps', 1);
    const engine = engineOption(values);
    const modelPath = optionalString(values, 'model');
    const bounds = boundsOption(values);
    await selectBackend(values.backend);
    const { model } = await loadModel(task, modelPath, checkpointOptions(values));
    compileUpFront(model, task, engine, bounds);

    let answered = 0;
    let failed = 0;
    for await (const line of readJsonLines(process.stdin, { byteStrings: BYTE_STRINGS })) {
      const reply = 'error' in line ? { error: line.tooLarge ? line.error : `not valid JSON: ${truncate(line.error, 160)}` } : answer(model, task, line, { maxSteps, engine, ...bounds });
      if ('error' in reply) {
        failed++;
        await printLine(JSON.stringify({ error: `line ${line.line}: ${reply.error}` }));
      } else {
        answered++;
        await writeReply(reply);
      }
    }
    if (failed > 0) throw new Failure(`${failed} of ${answered + failed} input lines could not be answered (see the "error" lines on stdout)`);
    return 0;
  },
};

/** An answer: its text whole, or in pieces of UTF-8 (long answers from the byte path). */
type Reply = { output: string | Iterable<Uint8Array>; steps: number; converged: boolean } | { error: string };

/**
 * One input line's answer, or why it has none. Bad input, a plugin's fault (its code threw or
 * returned something malformed: a `PluginError`, the whole answer checked before any of it is
 * written) and a task's broken contract are the line's error; anything else is a bug and
 * propagates. A line holding long strings takes the task's byte path when it has one (the line's
 * value is handed over, so that its bytes can go once they are encoded); otherwise its bytes
 * become strings again and `parse` reads them.
 */
function answer(model: SeadModel, task: Task<any, any>, line: ParsedLine, options: PredictOptions & Bounds): Reply {
  try {
    if (line.byteStrings > 0 && task.encodeBytes && task.decodeBytes) {
      const lattice = task.encodeBytes(takeValue(line));
      const run = runLattice(model, task, lattice, options);
      if (run.outcome === 'update-cap') return { error: updateCapMessage(run.steps, run.updates, options) };
      return { output: task.decodeBytes(lattice, run.symbols), steps: run.steps, converged: run.converged };
    }
    const instance = task.parse(line.byteStrings > 0 ? withStrings(takeValue(line)) : line.value);
    const prediction = predict(model, task, instance, options);
    if (prediction.outcome === 'update-cap') return { error: updateCapMessage(prediction.steps, prediction.run.updates, options) };
    return { output: task.formatOutput(prediction.output), steps: prediction.steps, converged: prediction.converged };
  } catch (error) {
    if (error instanceof BoundError) return { error: boundMessage(error) };
    const lineError = error instanceof TaskInputError || error instanceof RangeError || error instanceof PluginError || error instanceof TaskContractError;
    if (lineError) return { error: messageOf(error) };
    throw error;
  }
}

/** Writes an answer line exactly as JSON.stringify would, a long output piece by piece. */
async function writeReply({ output, steps, converged }: { output: string | Iterable<Uint8Array>; steps: number; converged: boolean }): Promise<void> {
  if (typeof output === 'string') return printLine(JSON.stringify({ output, steps, converged }));
  await write('{"output":"');
  for (const piece of output) await write(jsonStringBytes(piece));
  await write(`","steps":${JSON.stringify(steps)},"converged":${JSON.stringify(converged)}}\n`);
}

/** The line's value, no longer held by the line. */
function takeValue(line: ParsedLine): unknown {
  const { value } = line;
  line.value = undefined;
  return value;
}

/** The value with every byte string turned back into the string it stands for. */
function withStrings(value: unknown): unknown {
  if (value instanceof Uint8Array) return asciiText(value);
  if (Array.isArray(value)) return value.map(withStrings);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) Object.defineProperty(out, key, { value: withStrings(v), writable: true, enumerable: true, configurable: true });
  return out;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
