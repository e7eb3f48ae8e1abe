// Runs inside the throwaway project of tools/pack-check.mjs, against the @sead/* packages installed
// there from their tarballs. Arguments: the package names to check. Prints one line per check and
// exits non-zero on the first failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = fileURLToPath(new URL('.', import.meta.url));
const selected = new Set(process.argv.slice(2));

function fail(message) {
  throw new Error(message);
}

/** Imports a package by name and insists it resolved to the installed copy, not the repo. */
async function load(name) {
  const resolved = fileURLToPath(import.meta.resolve(name));
  if (!resolved.startsWith(join(project, 'node_modules'))) fail(`${name} resolved outside the test project: ${resolved}`);
  return import(name);
}

function expectExports(name, module, exports) {
  const missing = exports.filter((key) => module[key] === undefined);
  if (missing.length > 0) fail(`${name} does not export ${missing.join(', ')}`);
}

const checks = {
  async '@sead/tasks'() {
    const tasks = await load('@sead/tasks');
    expectExports('@sead/tasks', tasks, ['createRegistry', 'defineTask', 'TaskRegistry', 'TaskInputError', 'seededRandom', 'applyRule', 'parity', 'addition', 'rule110', 'multiplication']);
    const ids = tasks.createRegistry().ids();
    for (const id of ['parity', 'addition', 'rule110', 'multiplication']) if (!ids.includes(id)) fail(`createRegistry() lacks the built-in task "${id}" (has ${ids.join(', ')})`);
    const answer = tasks.parity.solve({ bits: '0110' });
    if (answer !== 0) fail(`parity.solve({bits: '0110'}) gave ${answer}, expected 0`);
    return `built-in tasks ${ids.join(', ')}`;
  },

  async '@sead/core'() {
    const core = await load('@sead/core');
    const { parity } = await load('@sead/tasks');
    expectExports('@sead/core', core, ['SeadModel', 'predict', 'predictMany', 'startRun', 'useBackend', 'toCheckpoint', 'parseCheckpoint', 'modelFromCheckpoint', 'CheckpointError']);
    expectExports('@sead/core/training', await load('@sead/core/training'), ['unrollLogits', 'softmaxCrossEntropy', 'initialWeights', 'WEIGHT_NAMES']);
    expectExports('@sead/core/kernels', await load('@sead/core/kernels'), ['SeadStep', 'SeadUnroll', 'registerJsUnrollKernels', 'stepLogits']);
    // The core imports no backend: an app registers one (here tfjs's cpu backend, installed with @sead/node).
    (await import('@tensorflow/tfjs-core')).enableProdMode();
    core.registerBackendLoader('cpu', () => import('@tensorflow/tfjs-backend-cpu'));
    await core.useBackend('cpu');
    // One channel per state symbol of parity (?, 0, 1).
    const model = core.SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'continuous', 1);
    const prediction = core.predict(model, parity, { bits: '0110' });
    // An untrained model may answer either way; what matters is that it runs end to end.
    if (prediction.output !== 0 && prediction.output !== 1) fail(`predict on parity gave ${JSON.stringify(prediction.output)}, not 0 or 1`);
    if (!Number.isInteger(prediction.steps)) fail(`predict reported steps ${prediction.steps}`);
    const text = JSON.stringify(core.toCheckpoint(model));
    const reloaded = core.modelFromCheckpoint(core.parseCheckpoint(text, 'pack-check', parity));
    if (reloaded.parameterCount !== model.parameterCount) fail('a checkpoint round trip changed the parameter count');
    return `a ${model.parameterCount}-parameter parity model ran ${prediction.steps} steps and answered ${prediction.output}`;
  },

  async '@sead/node'() {
    const node = await load('@sead/node');
    const { SeadModel, toCheckpoint } = await load('@sead/core');
    const { parity } = await load('@sead/tasks');
    expectExports('@sead/node', node, ['useNodeBackend', 'saveCheckpoint', 'loadCheckpoint', 'writeFileAtomic']);
    for (const name of ['wasm', 'cpu']) if ((await node.useNodeBackend(name)) !== name) fail(`useNodeBackend('${name}') did not make ${name} the backend`);
    const model = SeadModel.create(parity, { channels: 3, embedding: 2, hidden: 4, radius: 1 }, 'discrete', 1);
    const path = join(project, 'parity.json');
    await node.saveCheckpoint(path, toCheckpoint(model));
    const loaded = await node.loadCheckpoint(path, parity);
    if (loaded.parameters !== model.parameterCount) fail('a checkpoint saved and loaded lost its parameter count');
    model.dispose();
    return 'runs on cpu and wasm; a checkpoint file round-trips';
  },

  async '@sead/trainer'() {
    const trainer = await load('@sead/trainer');
    expectExports('@sead/trainer', trainer, ['train', 'validate']);
    return 'exports train, validate';
  },

  async '@sead/evaluator'() {
    const evaluator = await load('@sead/evaluator');
    expectExports('@sead/evaluator', evaluator, ['lengthSweep']);
    return 'exports lengthSweep';
  },

  async '@sead/baselines'() {
    const baselines = await load('@sead/baselines');
    const { useNodeBackend } = await load('@sead/node');
    const { addition } = await load('@sead/tasks');
    expectExports('@sead/baselines', baselines, ['BaselineModel', 'trainBaseline', 'toBaselineCheckpoint', 'parseBaselineCheckpoint', 'baselineFromCheckpoint', 'BASELINES']);
    await useNodeBackend('cpu');
    const model = baselines.BaselineModel.create(addition, { architecture: 'gru', width: 4 }, 1);
    const trained = await baselines.trainBaseline({ task: addition, model, seed: 1, trainLengths: [1, 4], iterations: 2 });
    if (trained.iterations !== 2) fail(`trainBaseline ran ${trained.iterations} iterations, not 2`);
    const instance = { a: '123', b: '989' };
    const text = JSON.stringify(baselines.toBaselineCheckpoint(model));
    const reloaded = baselines.baselineFromCheckpoint(baselines.parseBaselineCheckpoint(text, 'pack-check', addition));
    const [before] = model.predictMany(addition, [instance]);
    const [after] = reloaded.predictMany(addition, [instance]);
    if (before.output !== after.output) fail(`a baseline checkpoint round trip changed an answer: ${before.output}, then ${after.output}`);
    return `a ${model.parameterCount}-parameter GRU trained 2 iterations and round-tripped through its checkpoint`;
  },

  async '@sead/diagram'() {
    const diagram = await load('@sead/diagram');
    expectExports('@sead/diagram', diagram, ['traceRun', 'renderRaster', 'encodePng', 'decodePng', 'renderSvg', 'lineChart']);
    // fast-png came with it: a picture survives the round trip through the installed encoder.
    const data = Uint8ClampedArray.from({ length: 2 * 3 * 4 }, (_, k) => (k % 4 === 3 ? 255 : k * 9));
    const back = diagram.decodePng(diagram.encodePng({ width: 2, height: 3, data }));
    if (back.width !== 2 || back.height !== 3 || back.data.some((v, k) => v !== data[k])) fail('a 2 × 3 raster did not survive encodePng and decodePng');
    const svg = diagram.lineChart([{ name: 'steps', points: [[16, 16], [1e6, 1e6]] }], { title: 't', xLabel: 'L', yLabel: 'steps', xScale: 'log', yScale: 'log' });
    if (!svg.includes('10⁶')) fail('lineChart drew no 10⁶ tick');
    return 'a raster round-trips through PNG; lineChart draws log axes';
  },

  async '@sead/models'() {
    const models = await load('@sead/models');
    expectExports('@sead/models', models, ['shippedTasks', 'shippedCheckpointPath', 'shippedCheckpointText']);
    const core = selected.has('@sead/core') ? await load('@sead/core') : undefined;
    const registry = selected.has('@sead/tasks') ? (await load('@sead/tasks')).createRegistry() : undefined;
    for (const id of models.shippedTasks) {
      const path = models.shippedCheckpointPath(id);
      if (!path || !existsSync(path)) fail(`the checkpoint of "${id}" is not in the package (${path})`);
      // Browser apps import the JSON through the export map instead of reading the file.
      const exported = fileURLToPath(import.meta.resolve(`@sead/models/checkpoints/${id}.json`));
      if (exported !== path) fail(`@sead/models/checkpoints/${id}.json resolved to ${exported}, not ${path}`);
      // Proves the shipped file is one the published core can read, not only that it exists.
      if (!core || !registry) continue;
      const task = registry.get(id);
      const model = core.modelFromCheckpoint(core.parseCheckpoint(models.shippedCheckpointText(id), path, task));
      // The installed packages answer exactly, on the default (sparse) engine.
      for (const { family, instance } of task.adversarial(40)) {
        const { output } = core.predict(model, task, instance);
        if (!task.equal(output, task.solve(instance))) fail(`the shipped ${id} model answered ${family} wrongly`);
      }
      model.dispose();
    }
    return `ships checkpoints for ${models.shippedTasks.join(', ')}${core && registry ? ', each exact on every adversarial family at length 40' : ''}`;
  },

  async '@sead/cli'() {
    const bin = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'sead.cmd' : 'sead');
    if (!existsSync(bin)) fail('installing @sead/cli did not create node_modules/.bin/sead');
    const result = spawnSync(bin, ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    if (result.status !== 0) fail(`sead --help exited with ${result.status ?? result.signal}: ${(result.stderr || result.stdout).trim().split('\n')[0]}`);
    if (!/sead/i.test(result.stdout)) fail(`sead --help printed no usage: ${result.stdout.trim().split('\n')[0]}`);
    const { version } = JSON.parse(readFileSync(join(project, 'node_modules', '@sead', 'cli', 'package.json'), 'utf8'));
    const printed = spawnSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' }).stdout.trim();
    if (printed !== version) fail(`sead --version printed "${printed}", not the installed version ${version}`);
    return `sead --help: ${result.stdout.trim().split('\n')[0]}; sead --version: ${printed}`;
  },
};

try {
  for (const name of Object.keys(checks)) {
    if (!selected.has(name)) continue;
    console.log(`ok  ${name}: ${await checks[name]()}`);
  }
} catch (error) {
  console.error(`FAILED  ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
