/**
 * The whole life of a task plugin in one script: register it, train a model on it from scratch,
 * sweep the model over lengths far beyond training, and ask it a few questions.
 */
import { predict } from '@sead/core';
import { useNodeBackend } from '@sead/node';
import { formatTable, lengthSweep, suiteTable, summaryTable } from '@sead/evaluator';
import { createRegistry, TaskInputError } from '@sead/tasks';
import { train } from '@sead/trainer';
import { subtraction } from './subtraction.js';

const SEED = 1;
const SWEEP_LENGTHS = [16, 64, 256, 1024];

await useNodeBackend();

// A plugin joins the built-ins on a registry; from here on it is looked up by id like any of them.
const registry = createRegistry().register(subtraction);
const task = registry.get('subtraction');
console.log(`tasks: ${registry.ids().join(', ')}`);
console.log(`training "${task.id}" (${task.recipe?.regime} regime, seed ${SEED}): ${task.description}`);

const result = await train({
  task,
  seed: SEED,
  onEvent(event) {
    if (event.type === 'validation') {
      const scores = event.scores.map((s) => `L=${s.length} ${s.correct}/${s.total}`).join(', ');
      // Perfect scores are not the end: the trainer then compiles the rule and compares it with the reference.
      const { reference } = event;
      const rule = !reference
        ? ''
        : reference.exact
          ? '; rule certified exact'
          : reference.relabelling || (reference.restsAgree && reference.maxChanges !== null)
            ? `; rule differs on ${reference.mismatches} neighbourhood(s) but gives the same answers`
            : `; rule wrong on ${reference.mismatches} neighbourhood(s), training on`;
      console.log(`  iteration ${event.iteration}, ${event.seconds.toFixed(1)} s: ${scores}${rule}`);
    }
  },
});
console.log(
  `${result.solved ? 'solved' : 'NOT solved'} after ${result.iterations} iterations in ${result.seconds.toFixed(1)} s; ` +
    `${result.model.parameterCount} parameters`,
);
if (!result.solved) {
  console.error('training ran out of budget before every validation length was exact; try another seed');
  process.exitCode = 1;
}

// Far beyond the training lengths (4 to 16 digits), on fresh random instances and every adversarial family.
console.log('\nlength sweep:');
const report = lengthSweep(result.model, task, { lengths: SWEEP_LENGTHS, randomPerLength: 32, seed: 2024, training: result.checkpoint.training });
console.log(formatTable(summaryTable([report])));
console.log('\nby suite:');
console.log(formatTable(suiteTable(report)));
if (!report.allCorrect) process.exitCode = 1;

// Questions as a user would ask them: JSON objects, checked by the task's own parser.
console.log('\npredictions:');
const questions: unknown[] = [
  { a: '1000000', b: '1' },
  { a: '1' + '0'.repeat(99), b: '1' },
  { a: '31415926535897932384626', b: '27182818284590452353602' },
  { a: '00420', b: '420' },
  { a: '1', b: '2' },
];
for (const question of questions) {
  try {
    const instance = task.parse(question);
    const { output, steps, converged } = predict(result.model, task, instance);
    const verdict = converged && task.equal(output, task.solve(instance)) ? 'correct' : `WRONG, expected ${task.formatOutput(task.solve(instance))}`;
    const { a, b } = task.format(instance) as { a: string; b: string };
    console.log(`  ${short(a)} − ${short(b)} = ${short(task.formatOutput(output))}  (${steps} step${steps === 1 ? '' : 's'}, ${verdict})`);
  } catch (error) {
    if (!(error instanceof TaskInputError)) throw error;
    console.log(`  ${JSON.stringify(question)} rejected: ${error.message}`);
  }
}

/** Long digit strings shortened for the terminal: 1000…0000 (100 digits). */
function short(digits: string): string {
  return digits.length <= 30 ? digits : `${digits.slice(0, 4)}…${digits.slice(-4)} (${digits.length} digits)`;
}
