import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunsJsonl, type RunRecord } from '../../src/experiment/records.js';
import { spawnSync } from 'node:child_process';
import { cli, ROOT, tempDir } from '../support/cli.js';

const timeless = (r: RunRecord) => ({ ...r, wallSeconds: 0, epochs: r.epochs.map((e) => ({ ...e, seconds: 0 })) });
const runs = (dir: string) => parseRunsJsonl(readFileSync(join(dir, 'runs.jsonl'), 'utf8'));

describe('report and merge', () => {
  it('merging two halves of a sweep gives the same runs and summary as running it whole', () => {
    const [a, b, whole, merged] = [tempDir(), tempDir(), tempDir(), tempDir()];
    expect(cli(['run', 'xor', '--quick', '--seeds', '1', '--out', a, '--quiet']).code).toBe(0);
    expect(cli(['run', 'xor', '--quick', '--seeds', '2', '--out', b, '--quiet']).code).toBe(0);
    expect(cli(['run', 'xor', '--quick', '--seeds', '1,2', '--out', whole, '--quiet']).code).toBe(0);
    const m = cli(['merge', b, a, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(runs(merged).map(timeless).sort((x, y) => x.seed - y.seed)).toEqual(runs(whole).map(timeless));
    const csv = (d: string) => readFileSync(join(d, 'summary.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, -1).join(','));
    expect(csv(merged)).toEqual(csv(whole)); // all columns but wall time
    const html = readFileSync(join(merged, 'report.html'), 'utf8');
    expect(html).toContain('Plotly.newPlot');
    expect(html).toContain("angle between the rule's update and the gradient"); // alignment diagnostics are plotted
    expect(runs(merged)[0].epochs[0].diagnostics).toMatchObject({ 'updateAngle/input->hidden1': 0 }); // backprop is its own gradient
  });

  it('report rebuilds summary.csv and report.html, and names what is missing', () => {
    const dir = tempDir();
    expect(cli(['run', 'xor', '--quick', '--seeds', '1', '--out', dir, '--quiet']).code).toBe(0);
    const r = cli(['report', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/backprop\s+xor/);
    const missing = cli(['report', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/is not a results folder: .*nope\/runs.jsonl does not exist/);
    expect(cli(['merge', dir]).code).toBe(2); // --out is required
  });
});

describe('reproduce', () => {
  it('reruns recorded runs bit for bit, and reports a tampered run with a readable diff (exit 1)', () => {
    const dir = tempDir();
    expect(cli(['run', 'xor', '--quick', '--seeds', '1,2', '--out', dir, '--quiet']).code).toBe(0);
    const ok = cli(['reproduce', dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/all 2 runs reproduced bit for bit/);
    const path = join(dir, 'runs.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const r = JSON.parse(lines[1]);
    r.epochs[3].testAccuracy = 0.123;
    lines[1] = JSON.stringify(r);
    writeFileSync(path, lines.join('\n') + '\n');
    const bad = cli(['reproduce', dir, '--run', 'backprop/xor/seed2']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/DIFFERENT +backprop\/xor\/seed2\n +epochs\.3\.testAccuracy: 0\.123 → /);
  });
});

describe('sharding and --set', () => {
  it('shards 1/2 and 2/2 merged equal the unsharded sweep; Slurm variables pick the same shard', () => {
    const [a, b, whole, merged, slurm] = [tempDir(), tempDir(), tempDir(), tempDir(), tempDir()];
    const base = ['run', 'xor', '--quick', '--seeds', '1,2,3', '--quiet'];
    expect(cli([...base, '--out', a, '--shard', '1/2']).code).toBe(0);
    expect(cli([...base, '--out', b, '--shard', '2/2']).code).toBe(0);
    expect(cli([...base, '--out', whole]).code).toBe(0);
    expect(runs(a).map((r) => r.seed)).toEqual([1, 3]);
    expect(runs(b).map((r) => r.seed)).toEqual([2]);
    expect(cli(['merge', a, b, '--out', merged, '--quiet']).code).toBe(0);
    expect(runs(merged).map(timeless)).toEqual(runs(whole).map(timeless));
    const env = { ...process.env, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '0' };
    const r = spawnSync(process.execPath, [join(ROOT, 'src/cli/plasticity.js'), ...base, '--out', slurm], { cwd: ROOT, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(runs(slurm).map((x) => x.seed)).toEqual([2]);
    expect(cli([...base, '--out', tempDir(), '--shard', '3/2']).stderr).toMatch(/--shard: expected k\/n with 1 <= k <= n, got "3\/2"/);
  });

  it('--set overrides a setting by dotted path; a wrong path is an invalid-spec error (exit 2)', () => {
    const dir = tempDir();
    expect(cli(['run', 'xor', '--quick', '--seeds', '1', '--out', dir, '--quiet', '--set', 'training.epochs=3', '--set', 'network.hidden=[4]']).code).toBe(0);
    const [r] = runs(dir);
    expect(r.epochs.length).toBe(4);
    expect(r.sizes).toEqual([2, 4, 2]);
    const bad = cli(['run', 'xor', '--quick', '--out', tempDir(), '--set', 'training.lr=0.1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/training: unknown key "lr"/);
  });
});
