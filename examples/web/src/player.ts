import type { DenseRun } from './dense-run.js';

/** Speeds on offer, in steps per second; the last runs as fast as the backend goes. */
export const SPEEDS = [1, 4, 15, 60, 240, Infinity] as const;

/** Time a frame may spend stepping at full speed before it draws, in milliseconds. */
const FRAME_BUDGET = 25;

/**
 * Plays a live run: steps at the chosen speed on animation frames, pauses, steps once. `onUpdate`
 * runs after every frame that stepped, and once more when the run ends or pauses.
 */
export class Player {
  speed: number = SPEEDS[3];
  readonly #run: DenseRun;
  readonly #onUpdate: () => void;
  #playing = false;
  #busy = false;
  /** Steps owed at the current speed, fractional. */
  #due = 0;
  #last = 0;

  constructor(run: DenseRun, onUpdate: () => void) {
    this.#run = run;
    this.#onUpdate = onUpdate;
  }

  get playing(): boolean {
    return this.#playing;
  }

  play(): void {
    if (this.#playing || this.#run.done) return;
    this.#playing = true;
    this.#due = 1; // the first step shows at once
    this.#last = performance.now();
    requestAnimationFrame(this.#frame);
    this.#onUpdate();
  }

  pause(): void {
    if (!this.#playing) return;
    this.#playing = false;
    this.#onUpdate();
  }

  /** Pauses and computes exactly one step. */
  async stepOnce(): Promise<void> {
    this.pause();
    if (this.#busy || this.#run.done) return;
    this.#busy = true;
    try {
      await this.#run.step();
    } finally {
      this.#busy = false;
    }
    this.#onUpdate();
  }

  /** Stops for good: the page moved on to another run. */
  stop(): void {
    this.#playing = false;
    this.#run.dispose();
  }

  #frame = async (now: number): Promise<void> => {
    if (!this.#playing) return;
    if (this.#busy) return void requestAnimationFrame(this.#frame);
    this.#due += ((now - this.#last) / 1000) * this.speed;
    this.#last = now;
    this.#busy = true;
    const started = performance.now();
    let stepped = 0;
    try {
      while (this.#playing && !this.#run.done && (this.speed === Infinity ? performance.now() - started < FRAME_BUDGET : this.#due >= 1)) {
        await this.#run.step();
        this.#due = Math.max(0, this.#due - 1);
        stepped++;
      }
    } finally {
      this.#busy = false;
    }
    if (this.#run.done) this.#playing = false;
    if (stepped > 0 || !this.#playing) this.#onUpdate();
    // At a speed the backend cannot keep, steps owed do not pile up: the run goes as fast as it can.
    if (this.speed !== Infinity) this.#due = Math.min(this.#due, this.speed * 0.1 + 1);
    if (this.#playing) requestAnimationFrame(this.#frame);
  };
}
