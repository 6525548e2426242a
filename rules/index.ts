/**
 * The built-in learning rules by name. Only the experiment runner and the CLI import this file: the
 * engine in src/ never depends on a particular rule, so a researcher's own rule is registered and run
 * exactly like these (see README, "Writing your own rule").
 */
import type { LearningRule } from '../src/learning/rule.js';
import { backprop } from './backprop.js';
import { bcm } from './bcm.js';
import { hebb } from './hebb.js';
import { oja } from './oja.js';
import { sanger } from './sanger.js';
import { differenceTargetPropagation } from './difference-target-propagation.js';
import { directFeedbackAlignment } from './direct-feedback-alignment.js';
import { feedbackAlignment } from './feedback-alignment.js';
import { kolenPollack } from './kolen-pollack.js';
import { signSymmetry } from './sign-symmetry.js';
import { powerLawStdp } from './power-law-stdp.js';
import { rewardStdp } from './reward-stdp.js';
import { stdp } from './stdp.js';
import { tripletStdp } from './triplet-stdp.js';
import { targetPropagation } from './target-propagation.js';
import { ghaFeatures } from './gha-features.js';
import { stdpFeatures } from './stdp-features.js';
import { bptt } from './bptt.js';
import { epropAdaptive } from './eprop-adaptive.js';
import { epropRandom } from './eprop-random.js';
import { epropSymmetric } from './eprop-symmetric.js';

export const builtinRules: Readonly<Record<string, LearningRule>> = Object.fromEntries(
  [backprop, feedbackAlignment, directFeedbackAlignment, signSymmetry, kolenPollack, targetPropagation, differenceTargetPropagation, hebb, oja, sanger, bcm, ghaFeatures, stdp, tripletStdp, powerLawStdp, rewardStdp, stdpFeatures, bptt, epropSymmetric, epropRandom, epropAdaptive].map((r) => [r.name, r]),
);
