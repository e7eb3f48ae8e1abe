import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The built command line: the tests run exactly what a user runs (nx builds before testing). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sead ...args` with `input` on stdin, and `env` added to the environment. */
export function sead(args: readonly string[], input: string | Uint8Array = '', env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    // The command may exit before reading everything (a usage error); that is not the test's concern.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Non-empty lines of an output stream. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** JSON Lines output, one object per line. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return lines(text).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The error contract: exactly one stderr line, `sead: error: …`, no stack trace; returns the message. */
export function expectOneError(result: CliResult, status: number, pattern?: RegExp): string {
  const errorLines = lines(result.stderr);
  expect(errorLines, result.stderr).toHaveLength(1);
  expect(errorLines[0]).toMatch(/^sead: error: \S/);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.status).toBe(status);
  const message = errorLines[0].slice('sead: error: '.length);
  if (pattern) expect(message).toMatch(pattern);
  return message;
}
