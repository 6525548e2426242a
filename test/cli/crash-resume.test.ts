import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunsJsonl, type RunRecord } from '../../src/experiment/records.js';
import { cli, ROOT, tempDir } from '../support/cli.js';

const timeless = (r: RunRecord) => ({ ...r, wallSeconds: 0, epochs: r.epochs.map((e) => ({ ...e, seconds: 0 })) });
const lines = (dir: string) => (existsSync(join(dir, 'runs.jsonl')) ? readFileSync(join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0);

describe('crash safety', () => {
  it('a sweep killed with SIGKILL mid-way and resumed equals an uninterrupted sweep', async () => {
    const [killed, whole] = [tempDir(), tempDir()];
    const args = ['run', 'xor', '--seeds', '1,2,3,4,5,6', '--epochs', '150', '--quiet'];
    const child = spawn(process.execPath, [join(ROOT, 'src/cli/plasticity.js'), ...args, '--out', killed], { cwd: ROOT, stdio: 'ignore' });
    // Kill as soon as at least one run has been committed, while others are still to come.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (lines(killed) >= 2) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the sweep finished before it could be killed; make it longer'));
      });
    });
    await new Promise((r) => child.on('exit', r));
    const before = lines(killed);
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(6);
    // Simulate the worst case too: a torn last line.
    appendFileSync(join(killed, 'runs.jsonl'), '{"id":"backprop/xor/seed9","stat');
    const resumed = cli([...args, '--out', killed, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/dropping an incomplete last line/);
    expect(cli([...args, '--out', whole]).code).toBe(0);
    const a = parseRunsJsonl(readFileSync(join(killed, 'runs.jsonl'), 'utf8'));
    const b = parseRunsJsonl(readFileSync(join(whole, 'runs.jsonl'), 'utf8'));
    expect(a.map(timeless)).toEqual(b.map(timeless));
    expect(readFileSync(join(killed, 'summary.csv'), 'utf8').split('\n')[1].split(',').slice(0, -1)).toEqual(readFileSync(join(whole, 'summary.csv'), 'utf8').split('\n')[1].split(',').slice(0, -1));
  });
});

describe('--workers', () => {
  it('runs in worker threads give results identical to --workers 1', () => {
    const [one, two] = [tempDir(), tempDir()];
    const args = ['run', 'xor', '--quick', '--seeds', '1,2,3', '--quiet'];
    expect(cli([...args, '--out', one]).code).toBe(0);
    const r = cli([...args, '--out', two, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    const byId = (d: string) => parseRunsJsonl(readFileSync(join(d, 'runs.jsonl'), 'utf8')).map(timeless).sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(two)).toEqual(byId(one));
    expect(cli([...args, '--out', tempDir(), '--workers', 'two']).code).toBe(2);
  });
});
