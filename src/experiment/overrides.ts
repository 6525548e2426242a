import type { ExperimentSpec } from './spec.js';

/** A problem with a --set assignment (the CLI exits with code 2). */
export class AssignmentError extends Error {}

/** One parsed `--set path=value`. */
export interface Assignment {
  path: string;
  value: unknown;
}

/**
 * The one parser of `--set` for every kind of experiment: `path=value`, where the value is read as JSON when
 * it can be (numbers, lists, booleans, quoted strings, objects) and taken as a plain string otherwise (so
 * `network.activation=tanh` needs no quotes). A training experiment applies the path inside its spec
 * (`training.optimiser.lr=0.1`, `network.hidden=[512,256]`, `probeSize=0`); a simulation takes a parameter
 * name (`N=16000`, or a list to sweep it, `N=[4000,16000]`). Either way the result is validated afterwards,
 * so a misspelt path is reported like any other unknown key.
 */
export function parseAssignments(list: readonly string[]): Assignment[] {
  return list.map((a) => {
    const m = /^([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)=(.*)$/s.exec(a);
    if (!m) throw new AssignmentError(`--set: expected path=value such as training.optimiser.lr=0.1 or N=16000, got "${a}"`);
    if (m[2] === '') throw new AssignmentError(`--set ${m[1]}: no value after "="`);
    let value: unknown = m[2];
    try {
      value = JSON.parse(m[2]);
    } catch {
      // a bare word such as tanh stays a string
    }
    return { path: m[1], value };
  });
}

/** A training spec with the assignments applied (see parseAssignments). */
export function applySet(spec: ExperimentSpec, assignments: readonly Assignment[]): ExperimentSpec {
  let out: Record<string, unknown> = spec as unknown as Record<string, unknown>;
  for (const a of assignments) out = setPath(out, a.path.split('.'), a.value);
  return out as unknown as ExperimentSpec;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  const copy = { ...target };
  const inner = target[head];
  copy[head] = rest.length === 0 ? value : setPath(inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : {}, rest, value);
  return copy;
}

/** Which shard of a run list this process runs: --shard k/n (1-based), or Slurm / Kubernetes indexed-job variables. */
export interface Shard {
  index: number; // 0-based
  count: number;
  source: string;
}

export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | null {
  if (flag) {
    const m = /^(\d+)\/(\d+)$/.exec(flag);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new Error(`--shard: expected k/n with 1 <= k <= n, got "${flag}"`);
    return { index: Number(m[1]) - 1, count: Number(m[2]), source: '--shard' };
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    // Slurm arrays may start at any index; SLURM_ARRAY_TASK_MIN gives the first.
    const min = Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
    return checked(Number(env.SLURM_ARRAY_TASK_ID) - min, Number(env.SLURM_ARRAY_TASK_COUNT), 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT');
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const count = env.PLASTICITY_SHARDS ?? env.JOB_COMPLETIONS;
    if (count === undefined) throw new Error('JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job) but neither PLASTICITY_SHARDS nor JOB_COMPLETIONS gives the number of completions');
    return checked(Number(env.JOB_COMPLETION_INDEX), Number(count), 'JOB_COMPLETION_INDEX');
  }
  return null;
}

function checked(index: number, count: number, source: string): Shard {
  if (!Number.isInteger(index) || !Number.isInteger(count) || count < 1 || index < 0 || index >= count) {
    throw new Error(`${source}: shard index ${index} of ${count} is not valid`);
  }
  return { index, count, source };
}

/** Round-robin over the planned order: the same list always splits the same way, and shards are balanced. */
export function inShard<T>(items: readonly T[], shard: Shard | null): T[] {
  return shard ? items.filter((_, i) => i % shard.count === shard.index) : items.slice();
}
