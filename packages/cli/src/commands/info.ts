import { BoundError, checkGridWindows, checkpointIntegrity, compiledRule, modelFromCheckpoint, type Certificate, type Checkpoint, type CheckpointIntegrity, type GridCheck } from '@sead/core';
import { certificateText, gridCheckText } from '@sead/evaluator';
import { recordedRegime } from '@sead/trainer';
import { optionalString, type OptionValues } from '../args.js';
import { allowEditedOption, helpOption, jsonOption, modelOption, taskOption, type Command } from '../command.js';
import { selectBackend } from '../backend.js';
import { checkpointOptions, loadTaskCheckpoint } from '../model-source.js';
import { printLine, printLines } from '../output.js';
import { resolveTask } from '../task-option.js';
import { validationText } from '../format.js';
import { boundMessage, boundsOption } from '../bounds.js';

const help = `Usage: sead info --task <id> [--model file] [--json]

Describes a model: its task, size, state mode, how it was trained, whether its weights are still
the ones trained (they match the digest written with them) and, for discrete models, whether its
compiled rule is certified exact.

Options:
  -t, --task <id>       task of the model (parity, addition, rule110, multiplication, or a plugin's)
      --plugin <module> load tasks from a plugin module (a file or package; repeatable)
  -m, --model <file>    checkpoint to describe (default: the model shipped for the task)
      --allow-edited    describe the checkpoint even if its config or weights were edited after
                        training (they no longer match its digest) or it has none (version 1)
      --json            print one JSON object: {params, task, regime, mode, config,
                        training, source, integrity, certificate}
      --max-compile <N> most multiply-adds compiling a discrete model's table for its
                        certificate may take (default 2e9); over it, the certificate is
                        reported as not checked
  -h, --help            show this help`;

/** What `info --json` prints; a contract that scripts rely on. */
export interface ModelInfo {
  params: number;
  task: string;
  description: string;
  /** The regime that trained it: relax, relax-continuous or chaos (see `recordedRegime`). */
  regime: string;
  mode: 'continuous' | 'discrete';
  config: Checkpoint['config'];
  /**
   * null when the checkpoint carries no training record. As recorded: it describes these weights
   * only when `integrity.status` is "sealed".
   */
  training: { iterations: number | null; seconds: number | null; solved: boolean | null; ignoreRule: boolean; seed: number | null; validation: Record<string, number> } | null;
  /** "shipped", or the path given with --model. */
  source: string;
  /** Whether the weights are the ones the training record describes (edited ones load only with --allow-edited). */
  integrity: CheckpointIntegrity;
  /** Discrete models: the compiled table's certificate (is the learned rule the task's rule?); null otherwise. */
  certificate: Certificate | null;
  /** Why a discrete model's certificate is null: its table is over the bound on compiling. */
  uncertified?: string;
  /** Grid models: the rule against the reference on the windows the reference's runs meet (no certificate). */
  gridCheck?: GridCheck;
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'describe a model: parameters, config, training record',
  help,
  options: { ...taskOption, ...modelOption, ...allowEditedOption, ...jsonOption, 'max-compile': { type: 'string' }, ...helpOption },
  async run(values: OptionValues): Promise<number> {
    const task = await resolveTask(values);
    const { checkpoint, source } = await loadTaskCheckpoint(task, optionalString(values, 'model'), checkpointOptions(values));
    // Compiling the table reads the weights as tensors: the default backend holds them.
    await selectBackend(undefined);
    const { maxCompileWork } = boundsOption(values);
    let certificate: Certificate | null = null;
    let uncertified: string | undefined;
    let gridCheck: GridCheck | undefined;
    if (checkpoint.config.mode === 'discrete') {
      const model = modelFromCheckpoint(checkpoint);
      try {
        // A grid model has no table to compile: it is compared with the reference on the closure of reachable windows.
        if (checkpoint.config.dimensions !== 2) certificate = compiledRule(model, task, { maxCompileWork }).certificate;
        else if (task.rule) gridCheck = checkGridWindows(model, task);
        else uncertified = `task "${task.id}" has no reference rule to compare with`;
      } catch (error) {
        if (!(error instanceof BoundError)) throw error;
        uncertified = boundMessage(error);
      } finally {
        model.dispose();
      }
    }
    const info = { ...describe(checkpoint, source, task.description, certificate), ...(uncertified !== undefined && { uncertified }), ...(gridCheck && { gridCheck }) };
    if (values.json === true) await printLine(JSON.stringify(info));
    else await printLines(summary(info));
    return 0;
  },
};

function describe(checkpoint: Checkpoint, source: string, description: string, certificate: Certificate | null): ModelInfo {
  const record = checkpoint.training;
  const mode = checkpoint.config.mode;
  const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    params: checkpoint.parameters,
    task: checkpoint.task,
    description,
    regime: recordedRegime(checkpoint),
    mode,
    config: checkpoint.config,
    training: record
      ? {
          iterations: number(record.iterations),
          seconds: number(record.seconds),
          solved: typeof record.solved === 'boolean' ? record.solved : null,
          ignoreRule: record.ignoreRule === true,
          seed: number(record.seed),
          validation: { ...record.validation },
        }
      : null,
    source,
    integrity: checkpointIntegrity(checkpoint),
    certificate,
  };
}

function summary(info: ModelInfo): string {
  const { channels, embedding, hidden, radius, features, epsilon, dimensions } = info.config;
  const lattice = dimensions === 2 ? ', grids' : '';
  const lines = [
    `task:       ${info.task} (${info.description})`,
    `model:      ${info.params} parameters, ${info.mode} state (C=${channels}, E=${embedding}, H=${hidden}, r=${radius}, F=${features}${info.mode === 'continuous' ? `, epsilon=${epsilon}` : ''}${lattice})`,
    `source:     ${info.source}`,
    `integrity:  ${integrityText(info.integrity)}`,
  ];
  // A record of other weights is shown for what it is.
  const of = { sealed: '', edited: ' (of the weights before the edit)', unsealed: ' (unverified: maybe of other weights)' }[info.integrity.status];
  const t = info.training;
  if (!t) {
    lines.push(`training:   ${info.regime} regime (no training record in the checkpoint)`);
  } else {
    // Trained with the rule set aside, "solved" meant validated: the certificate below says the rest.
    const solved = t.solved === null ? '' : t.ignoreRule ? (t.solved ? ', validated from examples alone' : ', NOT validated') : t.solved ? ', solved' : ', NOT solved';
    const seconds = t.seconds === null ? '' : `, ${t.seconds.toFixed(1)} s`;
    lines.push(`training:   ${info.regime} regime, seed ${t.seed ?? '?'}, ${t.iterations ?? '?'} iterations${seconds}${solved}${of}`);
    if (Object.keys(t.validation).length > 0) lines.push(`validation: ${validationText(t.validation)}${of}`);
  }
  lines.push(`exact:      ${info.gridCheck ? gridCheckText(info.gridCheck) : certificateText(info.certificate, info.uncertified)}`);
  return lines.join('\n');
}

function integrityText({ status, digest, weightsHash }: CheckpointIntegrity): string {
  switch (status) {
    case 'sealed':
      return `sealed: the config and weights match their digest (${digest}), so they are the ones trained`;
    case 'edited':
      return `EDITED: the config or weights no longer match their digest (${digest}, now ${weightsHash}): the training record describes the weights before the edit`;
    case 'unsealed':
      return `UNSEALED: no digest (version 1, or removed), so nothing shows whether the config or weights were edited: the training record may describe other weights`;
  }
}
