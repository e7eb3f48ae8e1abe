/**
 * Progress of long commands. In a terminal (stderr a TTY): one live status line on stderr, redrawn
 * in place, with a bar. Otherwise (CI logs, files): plain lines on stdout now and then. With --json:
 * nothing, so the output is exactly the JSON.
 */
export type ProgressMode = 'bar' | 'lines' | 'silent';

export function progressMode(json: boolean, terminal: boolean = process.stderr.isTTY === true): ProgressMode {
  return json ? 'silent' : terminal ? 'bar' : 'lines';
}

/** A bar of `width` characters, `fraction` of it filled (clamped to [0, 1]; NaN is empty). */
export function renderBar(fraction: number, width: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(f * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** "0.4 s", "42 s", "3m 05s", "2h 07m". */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(Math.round(seconds - 60 * minutes)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Where a live line is drawn: a terminal stream (stderr). */
export interface LiveStream {
  write(text: string): unknown;
  readonly columns?: number;
}

/**
 * One status line redrawn in place (carriage return, clear line), at most every `interval` ms
 * unless forced, cut to the terminal's width so that it never wraps.
 */
export class LiveLine {
  readonly #stream: LiveStream;
  readonly #interval: number;
  readonly #now: () => number;
  #last = -Infinity;
  #shown = false;

  constructor(stream: LiveStream, options: { interval?: number; now?: () => number } = {}) {
    this.#stream = stream;
    this.#interval = options.interval ?? 100;
    this.#now = options.now ?? (() => performance.now());
  }

  draw(text: string, force = false): void {
    const now = this.#now();
    if (!force && now - this.#last < this.#interval) return;
    this.#last = now;
    // A pseudo-terminal without a size reports 0 columns.
    const width = Math.max(20, (this.#stream.columns || 80) - 1);
    const line = [...text].length > width ? [...text].slice(0, width - 1).join('') + '…' : text;
    this.#stream.write(`\r\x1b[2K${line}`);
    this.#shown = true;
  }

  /** Removes the line, e.g. before other output or at the end. */
  clear(): void {
    if (!this.#shown) return;
    this.#stream.write('\r\x1b[2K');
    this.#shown = false;
  }
}

/** What a progress reporter prints its permanent lines with (stdout, awaited for back-pressure). */
export type LinePrinter = (line: string) => Promise<void> | void;

export interface TrainingStatus {
  iteration: number;
  /** Iteration budget, when known (the run stops earlier once validation is perfect). */
  budget?: number;
  loss: number;
  /** "38/38" from the last validation, if any. */
  validation?: string;
  seconds: number;
  /** Upper bound on the time left: the budget's, at the pace so far. */
  secondsLeft?: number;
}

/** The live line of a training run. */
export function trainingStatusText(status: TrainingStatus, prefix = ''): string {
  const parts = [prefix + (status.budget ? `${renderBar(status.iteration / status.budget, 20)} ${status.iteration}/${status.budget}` : `iteration ${status.iteration}`)];
  parts.push(`loss ${status.loss.toPrecision(4)}`);
  parts.push(`validation ${status.validation ?? '-'}`);
  parts.push(`${durationText(status.seconds)} elapsed` + (status.secondsLeft !== undefined ? `, at most ${durationText(status.secondsLeft)} left` : ''));
  return parts.join('  ');
}

/** Iterations between progress lines when the output is not a terminal. */
export const LINE_EVERY = 50;

/**
 * Reports a training run: a live bar with the iteration, loss, last validation and time left in a
 * terminal, a line every LINE_EVERY iterations otherwise, and every validation and restart as a
 * line of its own in both.
 */
export class TrainingProgress {
  readonly #mode: ProgressMode;
  readonly #print: LinePrinter;
  readonly #live: LiveLine | undefined;
  readonly #prefix: string;
  readonly #budget: number | undefined;
  readonly #maxSeconds: number | undefined;
  readonly #now: () => number;
  #start: { iteration: number; time: number } | undefined;
  #validation: string | undefined;

  constructor(options: { mode: ProgressMode; print: LinePrinter; stream?: LiveStream; prefix?: string; budget?: number; maxSeconds?: number; now?: () => number }) {
    this.#mode = options.mode;
    this.#print = options.print;
    this.#prefix = options.prefix ?? '';
    this.#budget = options.budget;
    this.#maxSeconds = options.maxSeconds;
    this.#now = options.now ?? (() => performance.now());
    this.#live = options.mode === 'bar' ? new LiveLine(options.stream ?? process.stderr, { now: this.#now }) : undefined;
  }

  async iteration(event: { iteration: number; loss: number; length: number; seconds: number }): Promise<void> {
    if (this.#mode === 'silent') return;
    if (this.#mode === 'lines') {
      if (event.iteration % LINE_EVERY === 0) {
        await this.#print(`${this.#prefix}iteration ${event.iteration}  loss ${event.loss.toPrecision(4)}  length ${event.length}  elapsed ${event.seconds.toFixed(1)} s`);
      }
      return;
    }
    const now = this.#now();
    this.#start ??= { iteration: event.iteration - 1, time: now };
    const done = event.iteration - this.#start.iteration;
    const pace = (now - this.#start.time) / 1000 / done;
    let secondsLeft = this.#budget !== undefined && done >= 3 ? Math.max(0, this.#budget - event.iteration) * pace : undefined;
    if (this.#maxSeconds !== undefined) secondsLeft = Math.min(secondsLeft ?? Infinity, Math.max(0, this.#maxSeconds - event.seconds));
    this.#live!.draw(trainingStatusText({ iteration: event.iteration, budget: this.#budget, loss: event.loss, validation: this.#validation, seconds: event.seconds, secondsLeft }, this.#prefix));
  }

  async validation(text: string, verdict: string): Promise<void> {
    this.#validation = verdict;
    await this.line(text);
  }

  /** A permanent line (validation, restart): above the live bar in a terminal. */
  async line(text: string): Promise<void> {
    if (this.#mode === 'silent') return;
    this.#live?.clear();
    await this.#print(this.#prefix + text);
  }

  finish(): void {
    this.#live?.clear();
  }
}

/** Seconds between the lines that say how far a long length has got, when not in a terminal. */
export const PROGRESS_EVERY_SECONDS = 10;

/**
 * Reports a length sweep, which calls back after each (length, suite) and as instances are
 * answered, synchronously: a live bar over the suites in a terminal, a line per finished length in
 * both modes, and within a length that takes long, where it is (a line every
 * PROGRESS_EVERY_SECONDS when not in a terminal).
 */
export class SweepProgress {
  readonly #mode: ProgressMode;
  readonly #write: (line: string) => void;
  readonly #live: LiveLine | undefined;
  readonly #prefix: string;
  readonly #now: () => number;
  readonly #started: number;
  #length: { length: number; correct: number; total: number; seconds: number } | undefined;
  /** When the last line about a length in progress was written. */
  #lastInstanceLine: number;

  /** `write` must be synchronous: the sweep does not yield until it is done. */
  constructor(options: { mode: ProgressMode; write: (line: string) => void; stream?: LiveStream; prefix?: string; now?: () => number }) {
    this.#mode = options.mode;
    this.#write = options.write;
    this.#prefix = options.prefix ?? '';
    this.#now = options.now ?? (() => performance.now());
    this.#started = this.#now();
    this.#lastInstanceLine = this.#started;
    this.#live = options.mode === 'bar' ? new LiveLine(options.stream ?? process.stderr, { now: this.#now }) : undefined;
  }

  /** Instances of a length answered so far: the live line, or a line now and then. */
  instance(event: { length: number; answered: number; total: number; steps: number; seconds: number }): void {
    if (this.#mode === 'silent' || event.answered === event.total) return;
    const text = `${this.#prefix}L=${event.length}: ${event.answered}/${event.total} instances answered, the last in ${event.steps} steps  (${durationText(event.seconds)})`;
    if (this.#live) return this.#live.draw(text);
    const now = this.#now();
    if (now - this.#lastInstanceLine < PROGRESS_EVERY_SECONDS * 1000) return;
    this.#lastInstanceLine = now;
    this.#write(text);
  }

  row(event: { row: { length: number; suite: string; correct: number; total: number; seconds: number }; done: number; total: number }): void {
    if (this.#mode === 'silent') return;
    const { row } = event;
    if (this.#length && this.#length.length !== row.length) this.#flush();
    this.#length ??= { length: row.length, correct: 0, total: 0, seconds: 0 };
    this.#length.correct += row.correct;
    this.#length.total += row.total;
    this.#length.seconds += row.seconds;
    if (event.done === event.total) {
      this.#flush();
      this.#live?.clear();
      return;
    }
    const elapsed = (this.#now() - this.#started) / 1000;
    this.#live?.draw(`${this.#prefix}${renderBar(event.done / event.total, 20)} ${event.done}/${event.total} suites  L=${row.length} ${row.suite} ${row.correct}/${row.total}  ${durationText(elapsed)} elapsed`, true);
  }

  #flush(): void {
    const s = this.#length!;
    this.#live?.clear();
    this.#write(`${this.#prefix}L=${s.length}: ${s.correct}/${s.total} exact  (${durationText(s.seconds)})`);
    this.#length = undefined;
    this.#lastInstanceLine = this.#now();
  }
}
