/**
 * The built-in learning rules by name. Only the experiment runner and the CLI import this file: the
 * engine in src/ never depends on a particular rule, so a researcher's own rule is registered and run
 * exactly like these (see README, "Writing your own rule").
 */
import type { LearningRule } from '../src/learning/rule.js';
import { backprop } from './backprop.js';

export const builtinRules: Readonly<Record<string, LearningRule>> = {
  [backprop.name]: backprop,
};
