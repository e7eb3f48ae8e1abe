// Debian's chromium, driven by playwright-core: no browser is ever downloaded.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where chromium is: $SEAD_CHROMIUM, else Debian's package's binary. */
export const CHROMIUM = process.env.SEAD_CHROMIUM || '/usr/bin/chromium';

/**
 * Headless, no sandbox (CI runs as root), WebGL on SwiftShader (no GPU on CI machines) and none of
 * chromium's own traffic (updates, sync, field trials), so that every request left is the page's.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or point SEAD_CHROMIUM at one`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/**
 * A fresh browser context whose requests may only go to the test server: any other is aborted and
 * remembered in `outside`, and every request (the worker's included) is listed in `requests`.
 * Page errors and console errors are collected in `errors`.
 */
export async function offlineContext(browser, origin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, ...options });
  const outside = [];
  const requests = [];
  const errors = [];
  const local = (href) => new URL(href).origin === origin;
  await context.route('**/*', (route) => {
    const href = route.request().url();
    if (local(href) || href.startsWith('data:')) return route.continue();
    outside.push(href);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => requests.push(request.url()));
  context.on('page', (page) => {
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && errors.push(`console error: ${message.text()}`));
  });
  return { context, outside, requests, errors, local };
}
