import type { LearningRule, MinibatchRule, RuleOptions } from '../learning/rule.js';
import type { FeatureRule } from '../learning/feature-rule.js';
import type { ThroughTimeRule } from '../snn/through-time-rule.js';
import { type ExperimentSpec, type NetworkSpec, type RuleEntry, type TrainingSpec, mergeNetwork, seedList } from './spec.js';

/** One training run: a rule, a task, a grid point and a seed, with every setting resolved. */
export interface PlannedRun {
  /** Stable identifier, unique within the experiment: "<rule>/<task>[/<grid point>]/seed<k>". */
  id: string;
  rule: MinibatchRule<any> | FeatureRule<any> | ThroughTimeRule<any>;
  ruleLabel: string;
  ruleOptions: RuleOptions;
  taskName: string;
  taskLabel: string;
  taskOptions: Record<string, unknown>;
  seed: number;
  /** The grid point as {dotted path: value}; empty without a grid. */
  grid: Record<string, unknown>;
  network: NetworkSpec;
  training: TrainingSpec;
  /** Examples in the diagnostics probe batch (0 = no diagnostics). */
  probeSize: number;
}

/** Every combination of the values listed in a grid, in a fixed order (last key varies fastest). */
export function gridPoints(grid: Record<string, unknown[]> | undefined): Record<string, unknown>[] {
  const entries = Object.entries(grid ?? {});
  let points: Record<string, unknown>[] = [{}];
  for (const [path, values] of entries) {
    if (!Array.isArray(values) || values.length === 0) throw new Error(`grid["${path}"]: expected a non-empty list of values, got ${JSON.stringify(values)}`);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })));
  }
  return points;
}

const GRID_ROOTS = ['network', 'training', 'rule', 'task'] as const;

/** Sets a dotted path such as "training.optimiser.lr" inside a copy of `target`. */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  const copy = { ...target };
  copy[head] = rest.length === 0 ? value : setPath((target[head] as Record<string, unknown>) ?? {}, rest, value);
  return copy;
}

function gridLabel(point: Record<string, unknown>): string {
  return Object.entries(point)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(',');
}

/** Expands a spec into its runs, ordered rule-major, then task, grid point and seed. */
export function planRuns(spec: ExperimentSpec, registry: Readonly<Record<string, LearningRule>>): PlannedRun[] {
  const seeds = seedList(spec.seeds);
  const points = gridPoints(spec.grid);
  for (const path of Object.keys(spec.grid ?? {})) {
    const root = path.split('.')[0];
    if (!(GRID_ROOTS as readonly string[]).includes(root) || path.split('.').length < 2) {
      throw new Error(`grid: key "${path}" must be a dotted path starting with ${GRID_ROOTS.join('., ')}. (e.g. "training.optimiser.lr")`);
    }
  }
  const runs: PlannedRun[] = [];
  const ids = new Set<string>();
  for (const entry of spec.rules) {
    const e: Exclude<RuleEntry, string> = typeof entry === 'string' ? { rule: entry } : entry;
    const rule = typeof e.rule === 'string' ? registry[e.rule] : e.rule;
    if (!rule) throw new Error(`rules: unknown rule "${String(e.rule)}"; known rules are ${Object.keys(registry).sort().join(', ')}`);
    if (rule.regime === 'time-stepped') throw new Error(`rules: rule "${rule.name}" is a time-stepped rule; training experiments run minibatch and feature rules (time-stepped rules run in spiking simulations)`);
    const ruleLabel = e.label ?? rule.name;
    for (const tEntry of spec.tasks) {
      const t = typeof tEntry === 'string' ? { task: tEntry } : tEntry;
      const taskLabel = t.label ?? t.task;
      if (e.tasks && !e.tasks.includes(taskLabel)) continue; // an unlabelled task's label is its name
      const over = spec.perTask?.[taskLabel] ?? spec.perTask?.[t.task];
      const ruleOver = spec.perRule?.[ruleLabel] ?? spec.perRule?.[rule.name];
      for (const point of points) {
        let parts: Record<string, unknown> = {
          network: mergeNetwork(spec.network, over?.network, ruleOver?.network),
          training: { ...spec.training, ...over?.training, ...ruleOver?.training },
          rule: { ...(e.options ?? {}) },
          task: { ...(t.options ?? {}) },
        };
        for (const [path, value] of Object.entries(point)) parts = setPath(parts, path.split('.'), value);
        for (const seed of seeds) {
          const id = [ruleLabel, taskLabel, ...(points.length > 1 ? [gridLabel(point)] : []), `seed${seed}`].join('/');
          if (ids.has(id)) throw new Error(`experiment "${spec.name}": two runs share the id "${id}"; give repeated rules or tasks distinct labels`);
          ids.add(id);
          runs.push({
            id,
            rule,
            ruleLabel,
            ruleOptions: parts.rule as RuleOptions,
            taskName: t.task,
            taskLabel,
            taskOptions: parts.task as Record<string, unknown>,
            seed,
            grid: point,
            network: parts.network as NetworkSpec,
            training: parts.training as TrainingSpec,
            probeSize: spec.probeSize ?? 256,
          });
        }
      }
    }
  }
  return runs;
}
