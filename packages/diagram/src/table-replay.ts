import type { CompiledRule } from '@sead/core';
import type { Lattice } from '@sead/tasks';

/** The cells a step changed and their new symbols; valid until the next step. */
export interface StepChanges {
  readonly at: Int32Array;
  readonly to: Uint8Array;
  readonly count: number;
}

/**
 * Replays a compiled rule on one lattice a synchronous step at a time and reports each step's
 * changes, so a picture can be drawn from a run of any length without keeping its history. Like
 * the sparse engine, only cells next to a change are recomputed; it reads the table as
 * `CompiledRule` documents it (a neighbourhood position is 0 beyond the lattice, else
 * 1 + token·S + state; index Σ code_k · base^k).
 */
export class TableReplay {
  readonly state: Uint8Array;
  readonly #rule: CompiledRule;
  readonly #tokens: Uint8Array;
  readonly #powers: number[];
  readonly #stamp: Uint32Array;
  #t = 0;
  /** Cells to recompute; null means every cell. */
  #active: Int32Array | null = null;
  #activeCount = 0;
  #at: Int32Array;
  #to: Uint8Array;

  constructor(rule: CompiledRule, lattice: Lattice) {
    this.#rule = rule;
    this.#tokens = lattice.tokens;
    this.state = lattice.initialState ? Uint8Array.from(lattice.initialState) : new Uint8Array(lattice.length);
    this.#powers = Array.from({ length: 2 * rule.radius + 1 }, (_, k) => rule.base ** k);
    this.#stamp = new Uint32Array(lattice.length);
    this.#at = new Int32Array(Math.min(lattice.length, 1024));
    this.#to = new Uint8Array(this.#at.length);
  }

  /** One step; returns what changed (count 0 at a fixed point). */
  step(): StepChanges {
    const { state } = this;
    const L = state.length;
    const { table, states: S, radius: r } = this.#rule;
    let changes = 0;
    const all = this.#active === null;
    const count = all ? L : this.#activeCount;
    for (let a = 0; a < count; a++) {
      const i = all ? a : this.#active![a];
      let index = 0;
      for (let k = 0, j = i - r; k < this.#powers.length; k++, j++) {
        if (j >= 0 && j < L) index += (1 + this.#tokens[j] * S + state[j]) * this.#powers[k];
      }
      const next = table[index];
      if (next === state[i]) continue;
      if (changes === this.#at.length) this.#grow();
      this.#at[changes] = i;
      this.#to[changes++] = next;
    }
    const mark = ++this.#t;
    let woken = 0;
    const everywhere = changes * (2 * r + 1) > L / 4;
    if (!everywhere && (this.#active === null || this.#active.length < Math.min(L, changes * (2 * r + 1)))) {
      this.#active = new Int32Array(Math.min(L, Math.max(1024, changes * (2 * r + 1))));
    }
    for (let c = 0; c < changes; c++) {
      const i = this.#at[c];
      state[i] = this.#to[c];
      if (everywhere) continue;
      for (let j = Math.max(0, i - r); j <= Math.min(L - 1, i + r); j++) {
        if (this.#stamp[j] === mark) continue;
        this.#stamp[j] = mark;
        this.#active![woken++] = j;
      }
    }
    if (everywhere) this.#active = null;
    this.#activeCount = woken;
    return { at: this.#at, to: this.#to, count: changes };
  }

  #grow(): void {
    const size = Math.min(this.state.length, 2 * this.#at.length);
    const at = new Int32Array(size);
    at.set(this.#at);
    const to = new Uint8Array(size);
    to.set(this.#to);
    this.#at = at;
    this.#to = to;
  }
}
