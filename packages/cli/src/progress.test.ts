import { describe, expect, it } from 'vitest';
import { durationText, LiveLine, progressMode, renderBar, SweepProgress, TrainingProgress, trainingStatusText } from './progress.js';

/** A fake terminal: what was written, and the line a user would see now. */
function terminal(columns = 200) {
  const writes: string[] = [];
  return {
    columns,
    writes,
    write: (text: string) => void writes.push(text),
    get screen() {
      const all = writes.join('');
      return all.slice(all.lastIndexOf('\r') + 1).replace('\x1b[2K', '');
    },
  };
}

/** A clock the test moves by hand, in milliseconds. */
function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('progress', () => {
  it('is a bar in a terminal, lines otherwise, nothing with --json', () => {
    expect(progressMode(false, true)).toBe('bar');
    expect(progressMode(false, false)).toBe('lines');
    expect(progressMode(true, true)).toBe('silent');
    expect(progressMode(true, false)).toBe('silent');
  });

  it('renders a bar of a fixed width, clamped', () => {
    expect(renderBar(0, 10)).toBe('░░░░░░░░░░');
    expect(renderBar(0.5, 10)).toBe('█████░░░░░');
    expect(renderBar(0.33, 6)).toBe('██░░░░');
    expect(renderBar(1, 4)).toBe('████');
    expect(renderBar(7, 4)).toBe('████');
    expect(renderBar(-1, 4)).toBe('░░░░');
    expect(renderBar(NaN, 3)).toBe('░░░');
  });

  it('writes durations a person reads at a glance', () => {
    expect(durationText(0.42)).toBe('0.4 s');
    expect(durationText(42.4)).toBe('42 s');
    expect(durationText(185)).toBe('3m 05s');
    expect(durationText(7620)).toBe('2h 07m');
    expect(durationText(Infinity)).toBe('?');
  });

  it('shows the iteration, loss, validation and time left of a training run', () => {
    expect(trainingStatusText({ iteration: 300, budget: 4000, loss: 0.012345, validation: '38/38', seconds: 3.2, secondsLeft: 39.5 }, '[addition] ')).toBe(
      '[addition] ██░░░░░░░░░░░░░░░░░░ 300/4000  loss 0.01235  validation 38/38  3.2 s elapsed, at most 40 s left',
    );
    expect(trainingStatusText({ iteration: 7, loss: 1, seconds: 0.1 })).toBe('iteration 7  loss 1.000  validation -  0.1 s elapsed');
  });

  it('redraws one line in place, at most every 100 ms, cut to the terminal width', () => {
    const tty = terminal(30);
    const time = clock();
    const line = new LiveLine(tty, { now: time.now });
    line.draw('first');
    line.draw('too soon');
    expect(tty.writes).toEqual(['\r\x1b[2Kfirst']);
    time.advance(100);
    line.draw('x'.repeat(50));
    expect(tty.screen).toBe('x'.repeat(28) + '…');
    line.draw('forced', true);
    expect(tty.screen).toBe('forced');
    line.clear();
    expect(tty.screen).toBe('');
    line.clear();
    expect(tty.writes).toHaveLength(4);
  });

  it('prints a training line every 50 iterations and every validation when not in a terminal', async () => {
    const printed: string[] = [];
    const progress = new TrainingProgress({ mode: 'lines', print: (line) => void printed.push(line), prefix: '[parity] ', budget: 200 });
    for (let i = 1; i <= 120; i++) await progress.iteration({ iteration: i, loss: 1 / i, length: 5, seconds: i / 10 });
    await progress.validation('validation at iteration 120: L=64 36/36 (all correct)', '36/36');
    progress.finish();
    expect(printed).toEqual([
      '[parity] iteration 50  loss 0.02000  length 5  elapsed 5.0 s',
      '[parity] iteration 100  loss 0.01000  length 5  elapsed 10.0 s',
      '[parity] validation at iteration 120: L=64 36/36 (all correct)',
    ]);
  });

  it('draws a live training bar with the time left at the pace so far, and keeps validations as lines', async () => {
    const tty = terminal();
    const time = clock();
    const printed: string[] = [];
    const progress = new TrainingProgress({ mode: 'bar', print: (line) => void printed.push(line), stream: tty, budget: 1000, now: time.now });
    for (let i = 1; i <= 100; i++) {
      time.advance(100); // 100 ms an iteration: the 900 left take 90 s
      await progress.iteration({ iteration: i, loss: 0.5, length: 8, seconds: i * 0.1 });
    }
    expect(tty.screen).toMatch(/^██░{18} 100\/1000  loss 0\.5000  validation -  10 s elapsed, at most 1m (29|30)s left$/);
    await progress.validation('validation at iteration 100: L=64 30/36 (30/36 correct)', '30/36');
    expect(tty.screen).toBe('');
    expect(printed).toEqual(['validation at iteration 100: L=64 30/36 (30/36 correct)']);
    time.advance(200);
    await progress.iteration({ iteration: 101, loss: 0.5, length: 8, seconds: 10.3 });
    expect(tty.screen).toContain('validation 30/36');
    progress.finish();
    expect(tty.screen).toBe('');
  });

  it('is silent with --json', async () => {
    const tty = terminal();
    const printed: string[] = [];
    const progress = new TrainingProgress({ mode: 'silent', print: (line) => void printed.push(line), stream: tty });
    await progress.iteration({ iteration: 50, loss: 1, length: 1, seconds: 1 });
    await progress.line('restart 1 at iteration 50');
    const sweep = new SweepProgress({ mode: 'silent', write: (line) => void printed.push(line), stream: tty });
    sweep.row({ row: { length: 8, suite: 'random', correct: 1, total: 1, seconds: 0 }, done: 1, total: 1 });
    expect([...printed, ...tty.writes]).toEqual([]);
  });

  it('prints a sweep line per finished length, with a live bar over the suites in a terminal', () => {
    const rows = [
      { length: 16, suite: 'random', correct: 16, total: 16, seconds: 0.1 },
      { length: 16, suite: 'all-ones', correct: 1, total: 1, seconds: 0.1 },
      { length: 64, suite: 'random', correct: 15, total: 16, seconds: 0.2 },
      { length: 64, suite: 'all-ones', correct: 1, total: 1, seconds: 0.1 },
    ];
    for (const mode of ['lines', 'bar'] as const) {
      const tty = terminal();
      const written: string[] = [];
      const sweep = new SweepProgress({ mode, write: (line) => void written.push(line), stream: tty, prefix: '[parity] ' });
      rows.forEach((row, k) => {
        sweep.row({ row, done: k + 1, total: rows.length });
        if (mode === 'bar' && k === 2) expect(tty.screen).toMatch(/^\[parity\] █{15}░{5} 3\/4 suites  L=64 random 15\/16  /);
      });
      expect(written).toEqual(['[parity] L=16: 17/17 exact  (0.2 s)', '[parity] L=64: 16/17 exact  (0.3 s)']);
      expect(tty.screen).toBe('');
      if (mode === 'lines') expect(tty.writes).toEqual([]);
    }
  });

  it('says where a long length has got: a line every 10 s in a log, the live line in a terminal', () => {
    const time = clock();
    const written: string[] = [];
    const sweep = new SweepProgress({ mode: 'lines', write: (line) => void written.push(line), now: time.now });
    const instance = (answered: number, seconds: number) => sweep.instance({ length: 4096, answered, total: 20, steps: 4096, seconds });
    time.advance(4000);
    instance(1, 4);
    expect(written).toEqual([]);
    time.advance(7000);
    instance(2, 11);
    time.advance(1000);
    instance(3, 12);
    expect(written).toEqual(['L=4096: 2/20 instances answered, the last in 4096 steps  (11 s)']);
    // The last instance ends the length: its line says the rest.
    time.advance(20_000);
    instance(20, 32);
    expect(written).toHaveLength(1);

    const tty = terminal();
    const live = new SweepProgress({ mode: 'bar', write: (line) => void written.push(line), stream: tty, now: time.now });
    live.instance({ length: 64, answered: 5, total: 17, steps: 64, seconds: 0.5 });
    expect(tty.screen).toBe('L=64: 5/17 instances answered, the last in 64 steps  (0.5 s)');
    expect(written).toHaveLength(1);
  });
});
