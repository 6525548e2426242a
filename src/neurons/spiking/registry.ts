import { adex } from './adex.js';
import { izhikevich } from './izhikevich.js';
import { lifConductance, lifCurrent } from './lif.js';
import { lifAdaptive } from './lif-adaptive.js';
import type { SpikingModel } from './model.js';

/**
 * The built-in spiking neuron models by registered name. Specs and the CLI name models by string; this is
 * the one place that maps the string to the implementation. A researcher's own model does not need to be
 * listed here: anything implementing SpikingModel can be handed to the simulator directly.
 */
export const spikingModels: Readonly<Record<string, SpikingModel>> = Object.freeze({
  [lifCurrent.name]: lifCurrent,
  [lifConductance.name]: lifConductance,
  [lifAdaptive.name]: lifAdaptive,
  [adex.name]: adex,
  [izhikevich.name]: izhikevich,
});

/** The model registered as `name`; throws an error listing the valid names otherwise. */
export function getSpikingModel(name: string): SpikingModel {
  if (Object.prototype.hasOwnProperty.call(spikingModels, name)) return spikingModels[name];
  throw new Error(`unknown spiking model ${JSON.stringify(name)}; valid names are ${Object.keys(spikingModels).join(', ')}`);
}
