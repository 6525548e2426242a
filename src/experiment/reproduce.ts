import type { LearningRule } from '../learning/rule.js';
import { kernelInfo } from '../kernels/backend.js';
import { deepDiff } from './deep-diff.js';
import { ResultsFolderError } from './errors.js';
import { planRuns } from './plan.js';
import type { RunRecord } from './records.js';
import { readResultsFolder } from './results-folder.js';
import { executeRun } from './runner.js';
import type { ExperimentSpec } from './spec.js';

export interface Reproduction {
  id: string;
  identical: boolean;
  /** Human-readable differences (field: recorded → reproduced). */
  differences: string[];
}

/** Everything in a record that must come out bit-identical (timings excluded). */
function deterministic(r: RunRecord): unknown {
  return { ...r, wallSeconds: undefined, epochs: r.epochs.map((e) => ({ ...e, seconds: undefined })) };
}

/**
 * Reruns recorded runs of a results folder from the spec in its manifest (the spec as run, after
 * command-line overrides) and compares every metric and the weights' hash bit for bit.
 */
export async function reproduce(dir: string, rules: Readonly<Record<string, LearningRule>>, ids?: string[]): Promise<Reproduction[]> {
  const folder = readResultsFolder(dir);
  const spec = folder.manifest.spec as ExperimentSpec | undefined;
  if (!spec || !Array.isArray(spec.rules)) throw new ResultsFolderError(`${dir}/manifest.json has no experiment spec to rerun`);
  for (const r of spec.rules) {
    const name = typeof r === 'string' ? r : r.rule;
    if (typeof name !== 'string' || name.startsWith('<rule ')) {
      throw new ResultsFolderError(`${dir}: rule ${JSON.stringify(name)} was a rule object, not a registered name; register it and rerun the experiment to reproduce it`);
    }
  }
  const recordedPath = (folder.manifest.kernels as { path?: string } | undefined)?.path ?? 'js';
  const path = kernelInfo().path;
  if (recordedPath !== path) {
    throw new ResultsFolderError(`${dir} was run on the ${recordedPath === 'js' ? 'JavaScript' : 'WebAssembly'} kernels and this process uses the ${path === 'js' ? 'JavaScript' : 'WebAssembly'} ones; results are compared bit for bit on one path only: rerun with PLASTICITY_KERNELS=${recordedPath}`);
  }
  const plan = planRuns(spec, rules);
  const wanted = ids ?? folder.records.map((r) => r.id);
  const out: Reproduction[] = [];
  for (const id of wanted) {
    const recorded = folder.records.find((r) => r.id === id);
    if (!recorded) throw new ResultsFolderError(`${dir}: no recorded run "${id}"; runs are ${folder.records.map((r) => r.id).join(', ')}`);
    const run = plan.find((p) => p.id === id);
    if (!run) throw new ResultsFolderError(`${dir}: run "${id}" is not in the manifest's spec`);
    const again = await executeRun(run, spec.name);
    const differences = deepDiff(JSON.parse(JSON.stringify(deterministic(recorded))), JSON.parse(JSON.stringify(deterministic(again))));
    out.push({ id, identical: differences.length === 0, differences });
  }
  return out;
}
