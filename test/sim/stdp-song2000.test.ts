import { describe, expect, it } from 'vitest';
import song2000, { song2000Defaults } from '../../experiments/stdp-song2000.js';
import { RandomStreams } from '../../src/random/streams.js';

describe('Song, Miller & Abbott (2000) with additive STDP', () => {
  it('the weight distribution becomes bimodal (U-shaped) and the output rate falls', async () => {
    const out = await song2000.simulate({ seed: 1, params: { ...song2000Defaults, durationS: 30 }, streams: new RandomStreams(1), log: () => {} });
    const m = out.metrics;
    expect(m.fractionNearZero).toBeGreaterThan(0.15); // from 0.1 initially (uniform)
    expect(m.fractionNearMax).toBeGreaterThan(0.12);
    expect(m.edgeOverMiddle).toBeGreaterThan(1.5); // uniform gives 1; 1.87 after 30 s, 4.2 after 100 s (seed 1)
    expect(m.outputRateLastHz).toBeLessThan(0.8 * m.outputRateFirstHz);
  });
});
