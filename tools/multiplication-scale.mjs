#!/usr/bin/env node
// Long multiplication at scale, through `sead predict`: for each width n, one line per family
// (random and every adversarial family of the task) goes to one `sead predict --task
// multiplication` process; each answer is compared with the product computed on BigInt. Prints,
// per n, whether every answer was exact, the process's wall time and its peak memory. Not a test.
//   node tools/multiplication-scale.mjs --lengths 16,64,256,1024,4096
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createRegistry, seededRandom } from '@sead/tasks';

const { values } = parseArgs({ options: { lengths: { type: 'string', default: '16,64,256,1024,4096' }, seed: { type: 'string', default: '1' } } });
const task = createRegistry().get('multiplication');
const bin = new URL('../packages/cli/dist/bin.js', import.meta.url).pathname;

for (const n of values.lengths.split(',').map(Number)) {
  const cases = [{ family: 'random', instance: task.random(n, seededRandom(Number(values.seed) + n)) }, ...task.adversarial(n)];
  // GNU time reports the peak resident set of the process it runs, on stderr after the command's own.
  const child = spawn('/usr/bin/time', ['-f', 'peak-kb %M', process.execPath, bin, 'predict', '--task', 'multiplication'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const started = performance.now();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  for (const { instance } of cases) child.stdin.write(`${JSON.stringify(task.format(instance))}\n`);
  child.stdin.end();
  const [code] = await once(child, 'close');
  const seconds = (performance.now() - started) / 1000;
  const answers = stdout.trim().split('\n').map((line) => JSON.parse(line));
  const wrong = cases.filter(({ instance }, k) => answers[k]?.output !== task.formatOutput(task.solve(instance))).map((c) => c.family);
  const peak = Number(/peak-kb (\d+)/.exec(stderr)?.[1] ?? NaN) * 1024;
  const cells = n * n;
  console.log(
    `n=${n}: ${wrong.length === 0 && code === 0 ? `all ${cases.length} exact` : `WRONG: ${wrong.join(', ') || `exit ${code}`}`}; ` +
      `${seconds.toFixed(1)} s for ${cases.length} products (${cells.toLocaleString('en-US')} cells each); peak memory ${(peak / 2 ** 30).toFixed(2)} GiB, ${(peak / cells).toFixed(1)} bytes per cell`,
  );
}
