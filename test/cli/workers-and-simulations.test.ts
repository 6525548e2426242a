/**
 * Worker threads run what one thread runs, with the same bits: a rule object defined in an experiment file
 * (the worker imports the file), a rule registered through the API (the worker imports the module the
 * caller names), and simulation experiments, whose seeds and parameter grids also split into shards that
 * merge into exactly the unsharded folder.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { parseRuns, type AnyRecord } from '../../src/experiment/records.js';
import { deterministicPart } from '../../src/experiment/results-folder.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { cli, ROOT, tempDir } from '../support/cli.js';
import ownRule, { halfBackprop } from './fixtures/own-rule-experiment.js';

const FIXTURE = join(ROOT, 'test/cli/fixtures/own-rule-experiment.ts');
const records = (dir: string, kind: 'training' | 'simulation' = 'training') =>
  (parseRuns<AnyRecord>(readFileSync(join(dir, 'runs.jsonl'), 'utf8'), 'runs.jsonl', { kind }).records.map((r) => JSON.parse(JSON.stringify(deterministicPart(r)))) as { id: string }[]).sort((a, b) => a.id.localeCompare(b.id));

describe('custom rules on worker threads', () => {
  it('a rule object in an experiment file runs on the workers, with the same bits as one worker', () => {
    const [one, two] = [tempDir(), tempDir()];
    const a = cli(['run', FIXTURE, '--workers', '1', '--out', one]);
    const b = cli(['run', FIXTURE, '--workers', '2', '--out', two]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/Running 4 runs on 2 worker threads/);
    expect(b.stderr).not.toMatch(/running in this thread/);
    expect(records(two)).toEqual(records(one));
    const half = records(two).find((r) => r.id === 'half/moons/seed1') as unknown as { weightsHash: string };
    const full = records(two).find((r) => r.id === 'backprop/moons/seed1') as unknown as { weightsHash: string };
    expect(half.weightsHash).not.toBe(full.weightsHash); // the custom rule really ran
  });

  it('a rule registered through the API runs on workers that import the module named, with the same bits', async () => {
    const spec = { ...ownRule, rules: ['half-backprop'] };
    const rules = { ...builtinRules, [halfBackprop.name]: halfBackprop };
    const [one, two] = [tempDir(), tempDir()];
    await runExperiment(spec, { outDir: one, rules, quiet: true });
    await runExperiment(spec, { outDir: two, rules, quiet: true, workers: 2, workerModule: FIXTURE });
    expect(records(two)).toEqual(records(one));
    // Without the module the worker threads cannot find the rule, and say what to do.
    await expect(runExperiment(spec, { outDir: tempDir(), rules, quiet: true, workers: 2 })).rejects.toThrow(/worker threads need to import the module that defines rule "half-backprop": name it in RunOptions\.workerModule/);
  });
});

describe('simulation experiments', () => {
  const cuba = ['run', 'cuba', '--seeds', '1,2', '--set', 'N=400', '--set', 'durationMs=100', '--quiet'];
  const withSeed = (args: string[]) => args.filter((a, i) => a !== '--seeds' && args[i - 1] !== '--seeds');

  it('--workers 2 gives the same runs as one worker; a --set list sweeps a parameter', () => {
    const [one, two] = [tempDir(), tempDir()];
    const sweep = [...cuba, '--set', 'inDegree=[40,80]'];
    expect(cli([...sweep, '--out', one]).code).toBe(0);
    const r = cli([...sweep, '--workers', '2', '--out', two]);
    expect(r.code, r.stderr).toBe(0);
    const a = records(one, 'simulation');
    expect(a.map((x) => x.id)).toEqual(['inDegree=40/seed1', 'inDegree=40/seed2', 'inDegree=80/seed1', 'inDegree=80/seed2']);
    expect(records(two, 'simulation')).toEqual(a);
    const csv = readFileSync(join(one, 'summary.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('grid,metric,mean,std,n');
    expect(csv).toMatch(/\ninDegree=40,meanRateHz,[\d.]+,[\d.]+,2\n/);
    expect(JSON.parse(readFileSync(join(two, 'figures.json'), 'utf8')).run).toBe('inDegree=40/seed1'); // the first run's figures, whatever finished first
  });

  it('shards merge into exactly the unsharded folder; a resume recovers a torn line', () => {
    const [whole, s1, s2] = [tempDir(), tempDir(), tempDir()];
    expect(cli([...cuba, '--out', whole]).code).toBe(0);
    expect(cli([...cuba, '--shard', '1/2', '--out', s1]).code).toBe(0);
    expect(cli([...cuba, '--shard', '2/2', '--out', s2]).code).toBe(0);
    const merged = join(tempDir(), 'merged');
    const m = cli(['merge', s1, s2, '--out', merged, '--quiet']);
    expect(m.code, m.stderr).toBe(0);
    expect(records(merged, 'simulation')).toEqual(records(whole, 'simulation'));
    const report = cli(['report', merged]);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(merged, 'report.html'), 'utf8')).toContain('Plotly.newPlot');
    // A simulation folder resumes like a training one: a torn last line is dropped and that run runs again.
    const text = readFileSync(join(whole, 'runs.jsonl'), 'utf8').trim().split('\n');
    const torn = tempDir();
    expect(cli([...withSeed(cuba), '--seed', '1', '--out', torn]).code).toBe(0);
    appendFileSync(join(torn, 'runs.jsonl'), text[1].slice(0, 30));
    const resumed = cli([...withSeed(cuba).filter((a) => a !== '--quiet'), '--seed', '1', '--out', torn, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/dropping an incomplete last line \(30 bytes\)/);
    expect(records(torn, 'simulation').map((r) => r.id)).toEqual(['seed1']);
  });
});
