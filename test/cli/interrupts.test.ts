/**
 * Stopping a run: Ctrl-C and SIGTERM stop at once with a message saying how many runs are recorded and how
 * to resume; a scheduler that signals only the parent (as `npx` does not pass SIGTERM on) must not leave the
 * trainer running as an orphan. What was recorded stays recorded, and the resume equals an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunsJsonl, type RunRecord } from '../../src/experiment/records.js';
import { cli, ROOT, tempDir } from '../support/cli.js';

const BIN = join(ROOT, 'src/cli/plasticity.js');
// Three runs of a few seconds each: long enough to be stopped in the middle of one.
const ARGS = ['run', 'xor', '--seeds', '1,2,3', '--set', 'training.epochs=5000'];
const lines = (dir: string) => (existsSync(join(dir, 'runs.jsonl')) ? readFileSync(join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0);
const timeless = (r: RunRecord) => ({ ...r, wallSeconds: 0, epochs: r.epochs.map((e) => ({ ...e, seconds: 0 })) });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('interrupts', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s stops at once, says how to resume, and the resume equals an uninterrupted run', async (signal, code) => {
    const dir = tempDir();
    const child = spawn(process.execPath, [BIN, ...ARGS, '--out', dir], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
    await until(() => lines(dir) >= 1);
    const t0 = Date.now();
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(Date.now() - t0).toBeLessThan(5_000); // not at the end of the run in progress
    const recorded = lines(dir);
    expect(recorded).toBeGreaterThanOrEqual(1);
    expect(recorded).toBeLessThan(3);
    expect(stderr).toMatch(new RegExp(`interrupted \\(${signal}\\); ${recorded} of 3 runs recorded in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; resume with:\\n  plasticity run xor --seeds 1,2,3 --set training.epochs=5000 --resume --out `));
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    const resumed = cli([...ARGS, '--out', dir, '--resume', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const whole = tempDir();
    expect(cli([...ARGS, '--out', whole, '--quiet']).code).toBe(0);
    const read = (d: string) => parseRunsJsonl(readFileSync(join(d, 'runs.jsonl'), 'utf8')).map(timeless);
    expect(read(dir)).toEqual(read(whole));
  }, 180_000);

  it('when the parent that started it dies without passing the signal on, the run stops instead of going on as an orphan', async () => {
    const dir = tempDir();
    // A shell that starts plasticity in the background and then waits: SIGKILL to the shell reaches only the shell.
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" ${ARGS.join(' ')} --quiet --out "${dir}" & echo $! ; wait`], { cwd: ROOT });
    let pid = 0;
    shell.stdout.setEncoding('utf8').on('data', (d: string) => (pid ||= Number(d.trim().split('\n')[0])));
    await until(() => pid > 0 && lines(dir) >= 1);
    shell.kill('SIGKILL');
    await until(() => !alive(pid), 10_000);
    const recorded = lines(dir);
    expect(recorded).toBeLessThan(3);
    await new Promise((r) => setTimeout(r, 1500));
    expect(lines(dir)).toBe(recorded); // nothing written after it stopped
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  }, 120_000);
});
