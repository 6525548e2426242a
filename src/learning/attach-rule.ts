import type { SynapseGroup } from '../graph/synapses.js';
import type { RandomStreams } from '../random/streams.js';
import type { ClockSimulator } from '../sim/clock.js';
import { resolveRuleOptions } from './rule-options.js';
import type { TimeSteppedLearner, TimeSteppedRule } from './time-stepped-rule.js';

/** How a rule is attached, beside its own options. */
export interface AttachOptions {
  /**
   * Names the instance: its streams are "rule/<label>" instead of "rule/<rule name>". Needed to attach a
   * second instance of one rule to one simulator (e.g. to two synapse groups with different options), so
   * that the two never draw the same numbers.
   */
  readonly label?: string;
  /** The root the rule's namespace is forked from (default: the simulator's own streams, `sim.streams`). */
  readonly streams?: RandomStreams;
}

/** Labels already attached, per simulator and stream root: a second instance under one name would share its streams. */
const attached = new WeakMap<ClockSimulator, Map<RandomStreams, Set<string>>>();

/**
 * Attaches a time-stepped rule to a simulator, the one way every model, experiment, notebook and test does
 * it: fills the rule's defaults and rejects unknown option names (naming them and the valid ones; the type
 * `Partial<O>` rejects them at compile time too), forks the rule's streams "rule/<label or name>", creates
 * the learner for `synapses` with the simulator's network and dt, and adds it as a hook, so it runs in
 * every step's plasticity phase (UPDATE_ORDER) and `sim.reset()`/`sim.newTrial()` clear its traces.
 * Returns the learner with the rule's own type (e.g. StdpLearner with `traces()`).
 */
export function attachRule<O extends object, L extends TimeSteppedLearner>(
  sim: ClockSimulator,
  rule: TimeSteppedRule<O, L>,
  synapses: readonly SynapseGroup[],
  options: Partial<NoInfer<O>> = {},
  how: AttachOptions = {},
): L {
  const regime = (rule as { regime?: unknown }).regime;
  if (regime !== 'time-stepped') throw new Error(`attachRule: rule "${rule.name}" is a ${String(regime)} rule; only time-stepped rules run in the clock simulator`);
  if (synapses.length === 0) throw new Error(`attachRule: rule "${rule.name}" needs at least one synapse group to make plastic`);
  for (const g of synapses) {
    if (!sim.net.synapses.includes(g)) throw new Error(`attachRule: synapses "${g.name}" do not belong to the simulator's network (rule "${rule.name}")`);
  }
  const resolved = resolveRuleOptions(rule, options);
  const label = how.label ?? rule.name;
  if (label.length === 0) throw new Error(`attachRule: rule "${rule.name}": label must be a non-empty string`);
  const root = how.streams ?? sim.streams;
  const byRoot = attached.get(sim) ?? new Map<RandomStreams, Set<string>>();
  const labels = byRoot.get(root) ?? new Set<string>();
  if (labels.has(label)) throw new Error(`attachRule: a learner with streams "rule/${label}" is already attached to this simulator; give the second instance of rule "${rule.name}" its own label (attachRule(sim, rule, synapses, options, { label: '...' }))`);
  const learner = rule.create({ net: sim.net, synapses, dt: sim.dt, streams: root.fork(`rule/${label}`), options: resolved });
  sim.addHook(learner);
  labels.add(label);
  byRoot.set(root, labels);
  attached.set(sim, byRoot);
  return learner;
}
