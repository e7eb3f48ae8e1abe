// The playground in a real browser: built by `vite build`, served as static files, driven through
// Debian's chromium. Run with `npm run test:e2e` from the repository root (which builds it first).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium, offlineContext } from './browser.mjs';
import { serveStatic } from './serve.mjs';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const artifacts = fileURLToPath(new URL('../../../artifacts', import.meta.url));
/** Symbol 0's colour in the page's palette: parity's "?", no carry, multiplication's undecided "_". */
const BACKGROUND = [238, 234, 224];
const LONG = { timeout: 180_000 };

let server;
let browser;

before(async () => {
  if (!existsSync(`${dist}/index.html`)) throw new Error(`no build in ${dist}: run npm run build -w @sead/example-web first`);
  mkdirSync(artifacts, { recursive: true });
  server = await serveStatic(dist);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The page, loaded offline, with its request log; `init` runs before the page's own scripts. */
async function openPlayground(init) {
  const session = await offlineContext(browser, new URL(server.url).origin);
  const page = await session.context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(server.url);
  await waitForState(page, ['ready']);
  return { page, ...session };
}

function waitForState(page, states, timeout = 120_000) {
  return page.waitForFunction((wanted) => wanted.includes(document.querySelector('main').dataset.state), states, { timeout });
}

async function run(page) {
  await page.click('#run');
  await waitForState(page, ['done', 'error']);
  assert.equal(await page.getAttribute('main', 'data-state'), 'done', await page.textContent('#status'));
}

const text = async (page, selector) => (await page.textContent(selector)).trim();

/**
 * The diagram canvas read back from the page: its size, and how many pixels are inked (opaque and
 * not the background colour of symbol 0).
 */
function canvasPixels(page) {
  return page.evaluate((background) => {
    const canvas = document.querySelector('#diagram');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let p = 0; p < data.length; p += 4) {
      if (data[p + 3] === 255 && (data[p] !== background[0] || data[p + 1] !== background[1] || data[p + 2] !== background[2])) inked++;
    }
    return { width: canvas.width, height: canvas.height, inked };
  }, BACKGROUND);
}

/** The page made no request beyond its own server, and none was even attempted. */
function assertOffline({ outside, requests, local }) {
  assert.deepEqual(outside, [], 'requests to other hosts were attempted');
  assert.ok(requests.length > 3, `the request log looks empty: ${requests.join(', ')}`);
  assert.deepEqual(requests.filter((href) => !local(href) && !href.startsWith('data:')), []);
}

describe('the playground, offline, in chromium', () => {
  test('the offline check sees a request to another host, from the page or a worker', LONG, async () => {
    // So that an empty list below means no request, not a check that sees none. `.invalid` never
    // resolves, and the request is aborted in the browser before it is sent anyway.
    const session = await openPlayground();
    await session.page.evaluate(async () => {
      await fetch('http://offline-check.invalid/page').catch(() => undefined);
      const source = "fetch('http://offline-check.invalid/worker').catch(() => undefined).then(() => postMessage('done'))";
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      await new Promise((resolve) => (worker.onmessage = resolve));
    });
    assert.deepEqual(session.outside, ['http://offline-check.invalid/page', 'http://offline-check.invalid/worker']);
    await session.context.close();
  });

  test('relaxes parity live on webgl and draws its light cone', LONG, async () => {
    const session = await openPlayground();
    const { page } = session;
    assert.equal(await page.getAttribute('#backend', 'data-backend'), 'webgl');
    assert.equal(await text(page, '#backend'), 'Backend: webgl');

    const bits = '1011001110001011101';
    await page.selectOption('#task', 'parity');
    await page.fill('#field-bits', bits);
    await run(page);
    const ones = [...bits].filter((b) => b === '1').length;
    assert.equal(await text(page, '#answer'), String(ones % 2));
    assert.equal(await text(page, '#reference'), String(ones % 2));
    assert.equal(await text(page, '#verdict'), '✓ matches the reference');
    // The light cone crosses the lattice one cell per step.
    assert.equal(await text(page, '#steps'), `${bits.length} (fixed point)`);
    assert.match(await text(page, '#engine'), /dense, live: .* on webgl$/);
    assert.match(await text(page, '#per-step'), /^[\d.]+ (ms|µs) \(mean of 19 steps, readback included; the first, [\d.]+ (ms|s), also set up/);

    // One pixel per cell and step: at step t the t leftmost cells know their prefix parity.
    const pixels = await canvasPixels(page);
    assert.equal(pixels.width, bits.length);
    assert.equal(pixels.height, bits.length + 1);
    const L = bits.length;
    assert.equal(pixels.inked, (L * (L + 1)) / 2);
    await page.screenshot({ path: `${artifacts}/playground.png` });

    assertOffline(session);
    assert.deepEqual(session.errors, []);
    await session.context.close();
  });

  test('pauses, steps once and plays on at full speed, from the keyboard', LONG, async () => {
    const session = await openPlayground();
    const { page } = session;
    await page.selectOption('#task', 'addition');
    await page.selectOption('#example', 'nines-plus-one');
    await page.fill('#length', '300');
    await page.click('#fill');
    // Slowest speed, set from the keyboard: Home on the focused slider.
    await page.focus('#speed');
    await page.keyboard.press('Home');
    assert.equal(await text(page, '#speed-value'), '1 steps/s');
    await page.click('#run');
    await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('#steps').textContent));
    await page.focus('#play');
    await page.keyboard.press('Enter');
    await waitForState(page, ['paused']);
    const steps = () => text(page, '#steps').then((s) => Number(s.split(' ')[0].replaceAll(',', '')));
    const before = await steps();
    await page.focus('#step');
    await page.keyboard.press('Space');
    await page.waitForFunction((n) => document.querySelector('#steps').textContent.startsWith(`${n + 1} `), before);
    assert.equal(await page.getAttribute('main', 'data-state'), 'paused');
    await page.focus('#speed');
    await page.keyboard.press('End');
    assert.equal(await text(page, '#speed-value'), 'as fast as it goes');
    await page.click('#play');
    await waitForState(page, ['done']);
    // The carry runs through all 300 nines: one step per digit, and a 301st cell for the carry out.
    assert.equal(await text(page, '#steps'), '300 (fixed point)');
    assert.equal(await text(page, '#verdict'), '✓ matches the reference');
    assert.equal(await text(page, '#answer'), `1${'0'.repeat(17)}…${'0'.repeat(18)} (301 characters)`);
    assertOffline(session);
    assert.deepEqual(session.errors, []);
    await session.context.close();
  });

  test('trains the custom task in the page and answers with the model it trained', LONG, async (t) => {
    const session = await openPlayground();
    const { page } = session;
    await page.selectOption('#task', 'subtraction');
    await waitForState(page, ['ready']);
    const note = await text(page, '#model-note');
    assert.match(note, /trained from scratch in this browser just now, in [\d.]+ s \(chaos regime, seed 1, \d+ iterations, 92 parameters\); validation L=64 38\/38, L=256 38\/38\./);
    // Validation at 64 digits included 10^63 − 1, so a solved model answers it exactly.
    await page.fill('#field-a', '1' + '0'.repeat(63));
    await page.fill('#field-b', '1');
    await run(page);
    assert.equal(await text(page, '#answer'), `${'9'.repeat(18)}…${'9'.repeat(18)} (63 characters)`);
    assert.equal(await text(page, '#verdict'), '✓ matches the reference');
    assert.equal(await text(page, '#steps'), '63 (fixed point)');
    assert.ok((await canvasPixels(page)).inked > 63);

    // Train again, with another seed: a new model, and the page says whether it is certified.
    await page.fill('#train-seed', '2');
    await page.click('#train-again');
    await page.waitForFunction(() => /seed 2, \d+ iterations/.test(document.querySelector('#model-note').textContent), null, { timeout: 120_000 });
    assert.equal(await page.getAttribute('main', 'data-state'), 'ready');
    const again = await text(page, '#model-note');
    assert.match(again, /trained from scratch in this browser just now, in [\d.]+ s \(chaos regime, seed 2, /);
    assert.match(again, /(Certified: its compiled rule equals the task's reference rule on all [\d,]+ neighbourhoods a run can meet|But validation is not proof: its compiled rule differs from the task's reference rule on [\d,]+ of the [\d,]+ neighbourhoods a run can meet)/);
    t.diagnostic(`custom task, seed 1: ${note}`);
    t.diagnostic(`custom task, seed 2: ${again}`);
    assertOffline(session);
    assert.deepEqual(session.errors, []);
    await session.context.close();
  });

  test('runs a long input on the sparse engine and shows its diagram downsampled', LONG, async () => {
    const session = await openPlayground();
    const { page } = session;
    await page.selectOption('#task', 'parity');
    await page.selectOption('#example', 'all-ones');
    await page.fill('#length', '5000');
    await page.click('#fill');
    await run(page);
    assert.equal(await text(page, '#answer'), '0');
    assert.equal(await text(page, '#verdict'), '✓ matches the reference');
    assert.equal(await text(page, '#steps'), '5,000 (fixed point)');
    assert.match(await text(page, '#engine'), /^sparse: /);
    assert.match(await text(page, '#diagram-note'), /^Downsampled: each pixel is the mean colour of about 5 cells × 7 steps/);
    const pixels = await canvasPixels(page);
    assert.deepEqual([pixels.width, pixels.height], [960, 720]);
    // The light cone fills the lower-left half of the picture.
    const { inked } = pixels;
    assert.ok(inked > 0.4 * 960 * 720 && inked < 0.6 * 960 * 720, `${inked} inked pixels of ${960 * 720}`);
    await page.screenshot({ path: `${artifacts}/playground-long.png` });
    assertOffline(session);
    assert.deepEqual(session.errors, []);
    await session.context.close();
  });

  test('multiplies on a grid live on webgl, its wavefront drawn frame by frame', LONG, async (t) => {
    const session = await openPlayground();
    const { page } = session;
    await page.selectOption('#task', 'multiplication');
    assert.equal(await text(page, '#picture-title'), 'Grid');
    assert.deepEqual(await page.$$eval('#legend .swatch', (swatches) => swatches.map((s) => s.textContent)), ['_', '0', '1', '0c', '1c']);

    // Bad input: the task's own parser says what is wrong, in one line, and nothing runs.
    await page.fill('#field-a', '10a1');
    await page.fill('#field-b', '110');
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#input-error').textContent !== '');
    assert.equal(await text(page, '#input-error'), 'field "a" must contain only bits 0 and 1; found "a" at position 2');
    // A grid beyond the page's bound is refused before it runs, with its shape.
    await page.fill('#field-a', '1'.repeat(4000));
    await page.fill('#field-b', '1'.repeat(2501));
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#input-error').textContent.startsWith('A grid'));
    assert.equal(
      await text(page, '#input-error'),
      'A grid of 4,000 rows × 2,501 columns (10,004,000 cells): the playground runs grids of up to 10,000,000 cells; the sead command runs larger ones.',
    );
    assert.equal(await page.getAttribute('main', 'data-state'), 'ready');

    // Every frame the page draws, read back from its canvas as it is drawn (a new step is a new
    // label): the step it shows and which cells are decided (not the background of "_").
    await page.evaluate((background) => {
      const canvas = document.querySelector('#diagram');
      const frames = (window.recordedFrames = []);
      new MutationObserver(() => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        const decided = [];
        for (let p = 0; p < data.length / 4; p++) {
          if (data[4 * p] !== background[0] || data[4 * p + 1] !== background[1] || data[4 * p + 2] !== background[2]) decided.push(p);
        }
        const step = Number(/at step (\d+)$/.exec(canvas.getAttribute('aria-label'))[1]);
        frames.push({ step, width: canvas.width, height: canvas.height, decided });
      }).observe(canvas, { attributeFilter: ['aria-label'] });
    }, BACKGROUND);
    // One step a second: a frame per step, unless a step takes longer than a second (the wavefront
    // check below holds for whichever steps are drawn).
    await page.focus('#speed');
    await page.keyboard.press('Home');
    await page.fill('#field-a', '1011');
    await page.fill('#field-b', '110');
    await run(page);
    assert.equal(await text(page, '#input-error'), '');
    assert.equal(await text(page, '#answer'), '1000010');
    assert.equal(await text(page, '#reference'), '1000010');
    assert.equal(await text(page, '#verdict'), '✓ matches the reference');
    // The top-left cell settles last: (p, q) = (3, 2), at step 2·3 + 2 + 1 (see the wavefront below).
    assert.equal(await text(page, '#steps'), '9 (fixed point)');
    assert.match(await text(page, '#engine'), /^dense, live: .* on webgl \(conv2d over the grid\)$/);

    const drawn = await page.evaluate(() => window.recordedFrames);
    const frames = drawn.filter((frame, k) => k === 0 || frame.step !== drawn[k - 1].step);
    const steps = frames.map((frame) => frame.step);
    assert.deepEqual(steps, [...steps].sort((x, y) => x - y), `frames out of order: ${steps}`);
    assert.equal(steps[0], 0);
    assert.equal(steps.at(-1), 9);
    assert.ok(frames.length >= 4, `frames were drawn at steps ${steps} only`);
    t.diagnostic(`1011 × 110: frames drawn at steps ${steps.join(', ')}`);
    // The wavefront, frame by frame: 4 rows of a's bits by 3 columns of b's, and cell (p, q), p rows
    // up from the bottom and q columns left from the right, decided from step 2p + q + 1 on.
    for (const { step, width, height, decided } of frames) {
      assert.deepEqual([width, height], [3, 4]);
      const wavefront = [];
      for (let y = 0; y < 4; y++) for (let x = 0; x < 3; x++) if (2 * (3 - y) + (2 - x) + 1 <= step) wavefront.push(y * 3 + x);
      assert.deepEqual(decided, wavefront, `the cells decided at step ${step}`);
    }
    await page.screenshot({ path: `${artifacts}/playground-multiplication.png` });

    // More cells than a live run takes: the sparse engine, in the worker, and the grid as it settled.
    await page.fill('#field-a', '1'.repeat(64));
    await page.fill('#field-b', '1'.repeat(40));
    await run(page);
    assert.equal(await text(page, '#verdict'), '✓ matches the reference');
    assert.equal(await text(page, '#steps'), `${2 * 64 + 40 - 2} (fixed point)`);
    assert.match(await text(page, '#engine'), /^sparse: /);
    assert.match(await text(page, '#diagram-note'), /^the grid as the run ended/);
    assert.deepEqual(await canvasPixels(page), { width: 40, height: 64, inked: 40 * 64 });
    assertOffline(session);
    assert.deepEqual(session.errors, []);
    await session.context.close();
  });

  test('falls back to the cpu backend when WebGL is unavailable, and says so', LONG, async () => {
    // As a browser without WebGL: every WebGL context request fails.
    const session = await openPlayground(() => {
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return /webgl/i.test(kind) ? null : getContext.call(this, kind, ...rest);
      };
      if (typeof OffscreenCanvas !== 'undefined') {
        const offscreen = OffscreenCanvas.prototype.getContext;
        OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
          return /webgl/i.test(kind) ? null : offscreen.call(this, kind, ...rest);
        };
      }
    });
    const { page } = session;
    assert.equal(await page.getAttribute('#backend', 'data-backend'), 'cpu');
    assert.match(await text(page, '#backend'), /^Backend: cpu \(WebGL is unavailable in this browser; /);
    await page.fill('#field-bits', '0110');
    await run(page);
    assert.equal(await text(page, '#answer'), '0');
    assert.equal(await text(page, '#verdict'), '✓ matches the reference');
    assert.match(await text(page, '#engine'), / on cpu$/);
    assertOffline(session);
    assert.deepEqual(session.errors, []);
    await session.context.close();
  });
});
