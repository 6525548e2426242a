import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunsJsonl, type RunRecord } from '../../src/experiment/records.js';
import { cli, tempDir } from '../support/cli.js';

/** Everything about a run except how long it took. */
function deterministicPart(r: RunRecord) {
  return { ...r, wallSeconds: undefined, epochs: r.epochs.map((e) => ({ ...e, seconds: undefined })) };
}

describe('reproducibility through the CLI', () => {
  it('the same experiment and seeds give bit-identical weights and metrics in two separate processes', () => {
    const dirs = [tempDir(), tempDir()];
    for (const dir of dirs) {
      const r = cli(['run', 'xor', '--quick', '--seeds', '1,2', '--out', dir, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    }
    const [a, b] = dirs.map((d) => parseRunsJsonl(readFileSync(join(d, 'runs.jsonl'), 'utf8')));
    expect(a).toHaveLength(2);
    expect(a.map((r) => r.weightsHash)).toEqual(b.map((r) => r.weightsHash));
    expect(a.map(deterministicPart)).toEqual(b.map(deterministicPart));
    // Different seeds really are different runs.
    expect(a[0].weightsHash).not.toEqual(a[1].weightsHash);
    expect(a.every((r) => r.status === 'completed' && r.final.testAccuracy === 1)).toBe(true);
  });

  it('writes manifest, runs.jsonl, summary.csv and an offline report', () => {
    const dir = tempDir();
    const r = cli(['run', 'xor', '--quick', '--seeds', '2', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ experiment: 'xor', node: process.version, dependencies: { seedrandom: expect.any(String), mathjs: expect.any(String) } });
    expect(manifest.rng).toMatch(/xor4096/);
    const csv = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^rule,task,grid,runs,completed/);
    expect(csv[1]).toMatch(/^backprop,xor,,2,2,0,0,1,0,/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Plotly.newPlot');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/); // nothing fetched from the network
    expect(r.stderr).toMatch(/\[1\/2\] backprop\/xor\/seed1: started/);
  });
});

describe('CLI usage errors', () => {
  it('--help works for every command', () => {
    for (const args of [['--help'], ['run', '--help'], ['list', '--help'], ['help', 'run']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: plasticity/);
    }
  });

  it('list shows rules, tasks and experiments', () => {
    const r = cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Rules:\n\s+backprop\s+Exact backpropagation/);
    expect(r.stdout).toMatch(/mnist/);
    expect(r.stdout).toMatch(/mnist-backprop/);
  });

  it('names an unknown experiment and lists the real ones (exit 2)', () => {
    const r = cli(['run', 'no-such-experiment', '--out', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown experiment "no-such-experiment"; experiments are .*mnist-backprop.*xor/);
  });

  it('bad flags and values are usage errors (exit 2)', () => {
    expect(cli(['run', 'xor', '--bogus']).code).toBe(2);
    const seeds = cli(['run', 'xor', '--seeds', 'two']);
    expect(seeds.code).toBe(2);
    expect(seeds.stderr).toMatch(/--seeds: expected a count like 3 or a list like 1,2,7; got "two"/);
    const rules = cli(['run', 'xor', '--rules', 'hebb', '--out', tempDir()]);
    expect(rules.code).toBe(2);
    expect(rules.stderr).toMatch(/--rules: "hebb" is not in this experiment; it has backprop/);
    expect(cli(['frobnicate']).code).toBe(2);
  });

  it('refuses to overwrite existing results without --resume or --overwrite, and a resume of another setting', () => {
    const dir = tempDir();
    expect(cli(['run', 'xor', '--quick', '--seeds', '1,2', '--out', dir, '--quiet']).code).toBe(0);
    const again = cli(['run', 'xor', '--quick', '--seeds', '1,2', '--out', dir, '--quiet']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds results of experiment "xor" \(2 runs recorded\); pass --resume .*, --overwrite/);
    const before = readFileSync(join(dir, 'runs.jsonl'), 'utf8');
    const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
    // A resume of the same setting that has nothing left to run changes nothing.
    expect(cli(['run', 'xor', '--quick', '--seeds', '1,2', '--out', dir, '--quiet', '--resume']).code).toBe(0);
    expect(readFileSync(join(dir, 'runs.jsonl'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
    // Other seeds are another setting: refused, naming the field, and nothing is written.
    const other = cli(['run', 'xor', '--quick', '--seeds', '1,2,3', '--out', dir, '--quiet', '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/cannot resume .*: it holds runs of another setting[\s\S]*spec\.seeds/);
    expect(readFileSync(join(dir, 'runs.jsonl'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(parseRunsJsonl(before).map((r) => r.seed)).toEqual([1, 2]);
  });
});
