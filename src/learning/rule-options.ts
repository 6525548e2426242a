/**
 * A rule's options: every rule declares its option type and a `defaults` object holding every option; what an
 * experiment or a caller passes is checked against those defaults. A leaf module, so that the three rule
 * contracts (minibatch, time-stepped, features) can share it without importing one another.
 */

/** Options as they arrive from an experiment spec or the command line, before they are checked. */
export type RuleOptions = Record<string, unknown>;

/** Fills defaults and rejects option names the rule does not know, naming the rule, the option and the valid names. */
export function resolveRuleOptions<O extends object>(rule: { name: string; defaults: O }, options: Partial<O> = {}): O {
  const known = Object.keys(rule.defaults);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new Error(`rule "${rule.name}": unknown option "${key}"; valid options are ${known.length ? known.join(', ') : '(none)'}`);
    }
    const def = (rule.defaults as RuleOptions)[key];
    const val = (options as RuleOptions)[key];
    if (def !== undefined && def !== null && val !== undefined && typeof def !== typeof val) {
      throw new Error(`rule "${rule.name}": option "${key}" must be a ${typeof def} (default ${JSON.stringify(def)}), got ${JSON.stringify(val)}`);
    }
  }
  return { ...rule.defaults, ...options } as O;
}
