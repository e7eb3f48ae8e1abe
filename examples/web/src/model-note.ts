import type { Checkpoint, Difference } from '@sead/core';
import { OUTSIDE } from '@sead/tasks';
import { count } from './format.js';
import type { Trained, TrainingProgress } from './protocol.js';

/** Where the model of a task comes from, said in the page: shipped, or trained right here. */
export function shippedNote(checkpoint: Checkpoint): string {
  const t = checkpoint.training;
  const how = t ? `, trained from scratch in ${t.seconds} s (${t.regime} regime, seed ${t.seed}, ${count(t.iterations)} iterations)` : '';
  return `Model: the checkpoint shipped in @sead/models, ${checkpoint.parameters} parameters${how}.`;
}

export function untrainedNote(seed: number): string {
  return (
    `Model: none ships for this custom task (examples/custom-task), so this page trains one from scratch, here in ` +
    `your browser (chaos regime, seed ${seed}, on the cpu backend in a worker).`
  );
}

export function trainingNote(seed: number, progress?: TrainingProgress): string {
  const where = progress ? `: iteration ${progress.iteration}, loss ${progress.loss.toFixed(3)}${progress.validation ? `, validation ${progress.validation}` : ''}` : '…';
  return `Model: training from scratch in this browser (chaos regime, seed ${seed})${where}`;
}

export function trainedNote(seed: number, trained: Trained): string {
  const c = trained.certificate;
  const head =
    `Model: trained from scratch in this browser just now, in ${trained.seconds.toFixed(1)} s (chaos regime, seed ${seed}, ` +
    `${count(trained.iterations)} iterations, ${trained.parameters} parameters); validation ${trained.validation}.`;
  if (!trained.solved) return `${head} It did NOT answer every validation instance within its budget: expect wrong answers, or train again with another seed.`;
  if (!c.reference) return `${head} The task has no reference rule to certify it against.`;
  const sameAnswers = c.reference.restsAgree === true && c.reference.maxChanges !== null;
  if (!c.reference.exact && !c.reference.relabelling && !sameAnswers) {
    const first = c.reference.differences.length > 0 ? ` (the first: ${neighbourhood(c.reference.differences[0])})` : '';
    return (
      `${head} But validation is not proof: its compiled rule differs from the task's reference rule on ` +
      `${count(c.reference.mismatches)} of the ${count(c.reachable)} neighbourhoods a run can meet${first}, and a run that meets one ` +
      `can settle wrongly. Train again with another seed.`
    );
  }
  if (!c.tableEqualsNetwork) {
    return `${head} Its compiled rule ${c.reference.exact ? 'equals the reference rule' : 'gives the reference rule\'s answers'}, but on a neighbourhood a run can meet its logit margin (the smallest is ${c.minMargin.toExponential(1)}) is too thin to certify that every float32 backend picks the same symbols.`;
  }
  if (c.reference.relabelling) {
    return `${head} Certified: its compiled rule is the task's reference rule with symbols it only passes through renamed, on all ${count(c.reachable)} neighbourhoods a run can meet, so it gives the same answers at every length.`;
  }
  if (!c.reference.exact) {
    return `${head} Certified: its compiled rule takes another way than the task's reference rule, but every lattice it can come to rest on is the reference's and every run comes to rest, so it gives the same answers at every length.`;
  }
  return `${head} Certified: its compiled rule equals the task's reference rule on all ${count(c.reachable)} neighbourhoods a run can meet, so it is exact at every length.`;
}

/** A neighbourhood as "tokens [·, 0, ·], states [·, 0, ·]: network 1, rule 0"; · lies beyond the lattice. */
function neighbourhood(m: Difference): string {
  const list = (values: number[]) => `[${values.map((v) => (v === OUTSIDE ? '·' : String(v))).join(', ')}]`;
  return `tokens ${list(m.tokens)}, states ${list(m.states)}: the network gives ${m.network}, the rule ${m.reference}; · lies beyond the lattice`;
}
