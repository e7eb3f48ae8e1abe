import { createInterface } from 'node:readline';
import { predict, type PredictOptions, type SeadModel } from '@sead/core';
import { TaskInputError, type Task } from '@sead/tasks';
import { engineOption, integerOption, optionalString, type OptionValues } from '../args.js';
import { selectBackend } from '../backend.js';
import { backendOption, engineOptionSpec, helpOption, modelOption, taskOption, type Command } from '../command.js';
import { Failure, oneLineMessage } from '../errors.js';
import { loadModel } from '../model-source.js';
import { printLine } from '../output.js';
import { resolveTask } from '../task-option.js';

const help = `Usage: sead predict --task <id> [--model file] [--backend name] [--max-steps N]

Answers instances with a trained model. Reads JSON Lines on stdin, one instance per line, and writes
one JSON line per instance to stdout, in order, as each is answered:

  parity    {"bits":"0110"}              -> {"output":"0","steps":N,"converged":true}
  addition  {"a":"123","b":"989"}        -> {"output":"1112","steps":N,"converged":true}
  rule110   {"cells":"0110","steps":K}   -> {"output":"1110","steps":K,"converged":true}

Blank lines are skipped. A line that is not a valid instance gets {"error":"line N: <why>"} and the
stream goes on; the exit status is then 1. A run that hit the step cap still prints its output,
with "converged":false.

Options:
  -t, --task <id>       task to answer (parity, addition, rule110, or a plugin's)
      --plugin <module> load tasks from a plugin module (a file or package; repeatable)
  -m, --model <file>    checkpoint to use (default: the model shipped for the task)
      --backend <name>  tfjs backend: cpu (default) or wasm
      --engine <name>   dense, sparse (compiled table, event-driven) or auto (default: sparse for discrete models)
      --max-steps <N>   step cap for fixed-point tasks (default 2L + 64); rollouts run their K steps
  -h, --help            show this help`;

export const predictCommand: Command = {
  name: 'predict',
  summary: 'answer JSON Lines instances from stdin with a trained model',
  help,
  options: { ...taskOption, ...modelOption, ...backendOption, ...engineOptionSpec, 'max-steps': { type: 'string' }, ...helpOption },
  async run(values: OptionValues): Promise<number> {
    const task = await resolveTask(values);
    const maxSteps = integerOption(values, 'max-steps', 1);
    const engine = engineOption(values);
    const modelPath = optionalString(values, 'model');
    await selectBackend(values.backend);
    const { model } = await loadModel(task, modelPath);

    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    let lineNumber = 0;
    let answered = 0;
    let failed = 0;
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      const reply = answer(model, task, line, { maxSteps, engine });
      if ('error' in reply) {
        failed++;
        await printLine(JSON.stringify({ error: `line ${lineNumber}: ${reply.error}` }));
      } else {
        answered++;
        await printLine(JSON.stringify(reply));
      }
    }
    if (failed > 0) throw new Failure(`${failed} of ${answered + failed} input lines could not be answered (see the "error" lines on stdout)`);
    return 0;
  },
};

type Reply = { output: string; steps: number; converged: boolean } | { error: string };

/** One input line's answer, or why it has none. Only bad input is caught; anything else is a bug and propagates. */
function answer(model: SeadModel, task: Task<any, any>, line: string, options: PredictOptions): Reply {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { error: `not valid JSON: ${truncate(oneLineMessage(error), 160)}` };
  }
  try {
    const instance = task.parse(json);
    const prediction = predict(model, task, instance, options);
    return { output: task.formatOutput(prediction.output), steps: prediction.steps, converged: prediction.converged };
  } catch (error) {
    if (error instanceof TaskInputError || error instanceof RangeError) return { error: oneLineMessage(error) };
    throw error;
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
