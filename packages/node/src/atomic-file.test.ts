import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTemporaries, writeFileAtomic } from './atomic-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sead-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The id of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves nothing beside it', async () => {
    const path = join(dir, 'm.json');
    await writeFileAtomic(path, 'first\n');
    await writeFileAtomic(path, new TextEncoder().encode('second\n'));
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect(await readdir(dir)).toEqual(['m.json']);
  });

  it('removes the temporary files of writers that died, and only those of this target', async () => {
    const path = join(dir, 'm.json');
    const dead = await deadPid();
    const stale = [`m.json.${dead}.1700000000000.tmp`, `m.json.${dead}.1700000000001.tmp`];
    const kept = [`m.json.${process.pid}.1700000000002.tmp`, `other.json.${dead}.1700000000003.tmp`, 'm.json.notes.tmp'];
    for (const name of [...stale, ...kept]) await writeFile(join(dir, name), 'half');
    await writeFileAtomic(path, 'whole\n');
    expect((await readdir(dir)).sort()).toEqual(['m.json', ...kept].sort());
    expect(await removeStaleTemporaries(join(dir, 'other.json'))).toEqual([`other.json.${dead}.1700000000003.tmp`]);
  });

  it('after a writer is killed mid-write, the next write leaves no temporary file', async () => {
    const path = join(dir, 'big.json');
    // The built module: a child process runs plain JavaScript.
    const module = new URL('../dist/atomic-file.js', import.meta.url).href;
    // A writer that keeps writing 20 MB files until it is killed.
    const script = `const { writeFileAtomic } = await import(${JSON.stringify(module)}); const data = 'x'.repeat(20 << 20); process.stdout.write('ready\\n'); for (;;) await writeFileAtomic(${JSON.stringify(path)}, data);`;
    // A kill can land between two writes; try until one lands inside a write.
    let left: string[] = [];
    for (let trial = 0; trial < 5 && left.length === 0; trial++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await Promise.race([new Promise((resolve) => child.stdout.once('data', resolve)), exited]);
      expect(child.exitCode).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGKILL');
      await exited;
      left = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
    }
    expect(left).toHaveLength(1);
    await writeFileAtomic(path, 'whole\n');
    expect(await readdir(dir)).toEqual(['big.json']);
    expect(await readFile(path, 'utf8')).toBe('whole\n');
  });
});
