// One writer per database directory: a second engine, in this process or another, gets 55P03; a
// lock left by a killed process is taken over. Needs the build (`npx tsc -p tsconfig.build.json`).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine, LarchError } from '../index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = join(root, 'dist', 'src', 'index.js');
const children: ChildProcess[] = [];

function scratch(): string {
  return join(fs.mkdtempSync(join(tmpdir(), 'larch-lock-')), 'db');
}

/** A process holding the database open until killed; resolves once it has the lock. */
function holder(dir: string): Promise<ChildProcess> {
  const program = `
    import { Engine } from ${JSON.stringify(pathToFileURL(built).href)};
    await Engine.open(${JSON.stringify(dir)});
    process.stdout.write('open\\n');
    setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout!.on('data', () => resolve(child));
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
}

async function openError(dir: string): Promise<LarchError> {
  try {
    const e = await Engine.open(dir);
    await e.close();
  } catch (e) {
    expect(e).toBeInstanceOf(LarchError);
    return e as LarchError;
  }
  throw new Error('expected the open to fail');
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe('the database lock', () => {
  beforeAll(() => {
    if (!fs.existsSync(built)) throw new Error('build larch first: npx tsc -p tsconfig.build.json');
  });

  it('refuses a second engine in the same process until the first closes', async () => {
    const dir = scratch();
    const first = await Engine.open(dir);
    const err = await openError(dir);
    expect(err.code).toBe('55P03');
    expect(err.message).toBe(`database "${dir}" is locked by process ${process.pid}`);
    await first.close();
    expect(fs.existsSync(join(dir, 'larch.lock'))).toBe(false);
    const second = await Engine.open(dir);
    await second.close();
  });

  it('refuses a second process, and takes over once that process is killed', async () => {
    const dir = scratch();
    const child = await holder(dir);
    const err = await openError(dir);
    expect(err.code).toBe('55P03');
    expect(err.message).toBe(`database "${dir}" is locked by process ${child.pid}`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const e = await Engine.open(dir);
    expect(fs.readFileSync(join(dir, 'larch.lock'), 'utf8').trim()).toBe(String(process.pid));
    await e.close();
  });

  it('takes over a lock file naming a process that no longer exists', async () => {
    const dir = scratch();
    fs.mkdirSync(dir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.writeFileSync(join(dir, 'larch.lock'), `${gone}\n`);
    const e = await Engine.open(dir);
    await e.sql('CREATE TABLE t (x integer)');
    await e.close();
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('larch.lock'))).toEqual([]);
  });
});
