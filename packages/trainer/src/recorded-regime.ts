import type { Checkpoint } from '@sead/core';

/**
 * The regime a checkpoint was trained with: its record's. Before relax training made discrete
 * models, "relax" named the continuous regime, so a continuous model recorded as "relax" is
 * relax-continuous; without a record, a discrete model is taken as chaos-trained.
 */
export function recordedRegime(checkpoint: Pick<Checkpoint, 'config' | 'training'>): string {
  const recorded = checkpoint.training?.regime;
  const continuous = checkpoint.config.mode === 'continuous';
  if (recorded === 'relax' && continuous) return 'relax-continuous';
  if (typeof recorded === 'string' && recorded !== '') return recorded;
  return continuous ? 'relax-continuous' : 'chaos';
}
