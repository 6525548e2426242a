import song2000, { song2000Defaults } from './experiments/stdp-song2000.js';
import { RandomStreams } from './src/random/streams.js';
const out = await song2000.simulate({ seed: 1, params: { ...song2000Defaults, durationS: 20 }, streams: new RandomStreams(1), log: () => {} });
console.log(JSON.stringify(out.metrics));
