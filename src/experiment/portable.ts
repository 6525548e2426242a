import { createHash } from 'node:crypto';
import type { LearningRule } from '../learning/rule.js';
import type { TaskFactory } from '../tasks/task.js';
import type { ExperimentSpec, RuleEntry } from './spec.js';

/**
 * What crosses into a worker thread. Functions cannot be posted, so a spec travels with every rule named, and
 * the worker finds the rules and tasks that are not built in by importing a module (the experiment file, or
 * one the caller names) and reading what it exports:
 *   - `rules` and `tasks`: records by name (e.g. `export const rules = { ...builtinRules, mine }`);
 *   - any exported rule or task object;
 *   - the rule objects of its default export when that is an experiment (`rules: [{ rule: myRule }]`).
 * Each such rule and task carries a fingerprint (name, kind, summary, citation and defaults), so a worker that
 * finds another definition under the same name refuses to run instead of giving other numbers. A name is an
 * identity: a registry that puts a rule of its own under a built-in rule's name, with the built-in's summary
 * and defaults, cannot be told apart from it in a worker.
 */

export interface PortableSpec {
  spec: ExperimentSpec;
  /** Fingerprints of every rule the spec uses, by name: the worker takes a built-in rule if it is the same, else the module's. */
  rules: Record<string, string>;
  /** Fingerprints of the caller's own tasks (those not among the built-in tasks), by name. */
  customTasks: Record<string, string>;
}

const isRule = (v: unknown): v is LearningRule =>
  !!v && typeof v === 'object' && typeof (v as LearningRule).name === 'string' && ['minibatch', 'time-stepped', 'features', 'through-time'].includes((v as LearningRule).regime) &&
  (typeof (v as { create?: unknown }).create === 'function' || typeof (v as { learn?: unknown }).learn === 'function');

const isTask = (v: unknown): v is TaskFactory =>
  !!v && typeof v === 'object' && typeof (v as TaskFactory).name === 'string' && typeof (v as TaskFactory).create === 'function' && typeof (v as TaskFactory).defaults === 'object' && !('regime' in v);

/**
 * A rule's or task's identity as far as another thread can check it: its name, kind, summary, citation and
 * defaults. Function source text is left out: the main thread and a worker may load the same file through
 * different TypeScript transforms (a test runner's and tsx), which print functions differently.
 */
function fingerprint(o: Record<string, unknown>, kindKey: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([o.name, o[kindKey], o.summary, o.citation ?? null, o.defaults ?? null]));
  return h.digest('hex').slice(0, 16);
}

export const ruleFingerprint = (r: LearningRule): string => fingerprint(r as unknown as Record<string, unknown>, 'regime');
export const taskFingerprint = (t: TaskFactory): string => fingerprint(t as unknown as Record<string, unknown>, 'kind');

/**
 * The spec with every rule object replaced by its name, with the fingerprint of every rule it uses and of
 * the caller's own tasks. A rule object whose name is taken by a different registered rule is refused: in
 * the worker the name would find the other one.
 */
export function portableSpec(spec: ExperimentSpec, registry: Readonly<Record<string, LearningRule>>, tasks: Readonly<Record<string, TaskFactory>>, builtinTasks: Readonly<Record<string, TaskFactory>>): PortableSpec {
  const rules: Record<string, string> = {};
  const named = (entries: RuleEntry[] | undefined, where: string): RuleEntry[] | undefined =>
    entries?.map((entry, i) => {
      if (typeof entry === 'string' || typeof entry.rule === 'string') {
        const name = typeof entry === 'string' ? entry : (entry.rule as string);
        if (registry[name]) rules[name] = ruleFingerprint(registry[name]);
        return entry;
      }
      const rule = entry.rule;
      if (registry[rule.name] && registry[rule.name] !== rule) throw new Error(`${where}[${i}]: the rule object "${rule.name}" is not the registered rule of that name; give your rule its own name`);
      const print = ruleFingerprint(rule);
      if (rules[rule.name] && rules[rule.name] !== print) throw new Error(`${where}[${i}]: two different rule objects are both named "${rule.name}"; give each its own name`);
      rules[rule.name] = print;
      return { ...entry, rule: rule.name };
    });
  const customTasks: Record<string, string> = {};
  for (const [name, t] of Object.entries(tasks)) if (builtinTasks[name] !== t) customTasks[name] = taskFingerprint(t);
  const out: ExperimentSpec = { ...spec, rules: named(spec.rules, 'rules')! };
  if (spec.quick?.rules) out.quick = { ...spec.quick, rules: named(spec.quick.rules, 'quick.rules') };
  return { spec: JSON.parse(JSON.stringify(out)), rules, customTasks };
}

/** The rules and tasks a module offers a worker (see the header): its `rules`/`tasks` records, exported objects, and its experiment's rule objects. */
export function registriesOf(mod: Record<string, unknown>): { rules: Record<string, LearningRule>; tasks: Record<string, TaskFactory> } {
  const rules: Record<string, LearningRule> = {}, tasks: Record<string, TaskFactory> = {};
  const offer = (v: unknown) => {
    if (isRule(v)) rules[v.name] ??= v;
    else if (isTask(v)) tasks[v.name] ??= v;
  };
  for (const v of Object.values(mod)) {
    offer(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const spec = v as Partial<ExperimentSpec>;
      for (const e of [...(Array.isArray(spec.rules) ? spec.rules : []), ...(Array.isArray(spec.quick?.rules) ? spec.quick!.rules! : [])]) if (e && typeof e === 'object') offer(e.rule);
    }
  }
  for (const key of ['rules', 'tasks']) {
    const rec = mod[key];
    if (rec && typeof rec === 'object' && !Array.isArray(rec)) for (const v of Object.values(rec)) offer(v);
  }
  return { rules, tasks };
}

/**
 * The registries a worker runs with: for every rule the caller used, the built-in one if it is the same rule,
 * else the module's; for every task of the caller's, the module's. Throws naming what is missing or defined
 * differently, so a worker never runs another rule under the caller's name.
 */
export function workerRegistries(
  wanted: PortableSpec,
  builtin: { rules: Readonly<Record<string, LearningRule>>; tasks: Readonly<Record<string, TaskFactory>> },
  found: { rules: Record<string, LearningRule>; tasks: Record<string, TaskFactory> },
  moduleName: string | undefined,
): { rules: Record<string, LearningRule>; tasks: Record<string, TaskFactory> } {
  const rules: Record<string, LearningRule> = { ...builtin.rules }, tasks: Record<string, TaskFactory> = { ...builtin.tasks };
  const missing = (kind: string, name: string) =>
    new Error(
      moduleName
        ? `worker threads: ${kind} "${name}" is not built in and ${moduleName} does not export it; export it from that module (as an object, or in a \`${kind}s\` record) or run with one worker`
        : `worker threads need to import the module that defines ${kind} "${name}": name it in RunOptions.workerModule (the CLI passes the experiment file), or run with workers: 1`,
    );
  for (const [name, print] of Object.entries(wanted.rules)) {
    if (builtin.rules[name] && ruleFingerprint(builtin.rules[name]) === print) continue;
    const got = found.rules[name];
    if (!got) throw missing('rule', name);
    if (ruleFingerprint(got) !== print) throw new Error(`worker threads: rule "${name}" in ${moduleName} is not the rule the caller registered under that name (its definition differs)`);
    rules[name] = got;
  }
  for (const [name, print] of Object.entries(wanted.customTasks)) {
    const got = found.tasks[name];
    if (!got) throw missing('task', name);
    if (taskFingerprint(got) !== print) throw new Error(`worker threads: task "${name}" in ${moduleName} is not the task the caller registered under that name (its definition differs)`);
    tasks[name] = got;
  }
  return { rules, tasks };
}
