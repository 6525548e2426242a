import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';

const draw = (streams: RandomStreams, name: string, n = 20) => Array.from({ length: n }, () => streams.stream(name).uniform());

describe('RandomStreams', () => {
  it('gives the same sequence for the same seed and name', () => {
    expect(draw(new RandomStreams(7), 'a')).toEqual(draw(new RandomStreams(7), 'a'));
    expect(draw(new RandomStreams('exp/seed7'), 'init/x')).toEqual(draw(new RandomStreams('exp/seed7'), 'init/x'));
  });

  it('gives different sequences for different seeds or names', () => {
    expect(draw(new RandomStreams(7), 'a')).not.toEqual(draw(new RandomStreams(8), 'a'));
    expect(draw(new RandomStreams(7), 'a')).not.toEqual(draw(new RandomStreams(7), 'b'));
  });

  it('a new consumer never shifts another stream', () => {
    const alone = new RandomStreams(3);
    const before = draw(alone, 'init/input->hidden1', 10);
    const crowded = new RandomStreams(3);
    crowded.stream('shuffle').permutation(1000); // other consumers draw first and in between
    const first = draw(crowded, 'init/input->hidden1', 5);
    crowded.stream('rule/feedback-alignment/B').fillNormal(new Float64Array(500));
    const rest = draw(crowded, 'init/input->hidden1', 5);
    expect([...first, ...rest]).toEqual(before);
  });

  it('fork namespaces streams under the same master seed', () => {
    const s = new RandomStreams(5);
    expect(draw(s.fork('rule'), 'B', 5)).toEqual(draw(new RandomStreams(5), 'rule/B', 5));
    expect(s.fork('rule').fork('fa').stream('B').name).toBe('rule/fa/B');
  });

  // Pinned first draws: if a dependency upgrade or a refactor changes these, every published seed changes.
  it('golden first draws are unchanged', () => {
    const s = new RandomStreams(42);
    const u = s.stream('golden/uniform');
    expect([u.uniform(), u.uniform(), u.uniform()]).toEqual([0.12605769921025023, 0.7113511058018944, 0.30240840364332755]);
    const n = s.stream('golden/normal');
    expect([n.normal(), n.normal(), n.normal()]).toEqual([0.1385474223579709, 0.5886854817793514, 0.43265836510999134]);
    const p = s.stream('golden/poisson');
    expect([p.poisson(3), p.poisson(3), p.poisson(50), p.poisson(50)]).toEqual([5, 5, 46, 55]);
    const b = s.stream('golden/bernoulli');
    expect(Array.from({ length: 5 }, () => b.bernoulli(0.3))).toEqual([true, false, false, false, false]);
    expect(Array.from(s.stream('golden/shuffle').permutation(8))).toEqual([1, 0, 5, 3, 2, 4, 6, 7]);
    const c = s.stream('golden/choice');
    expect([c.choice(['a', 'b', 'c', 'd']), c.choice(['a', 'b', 'c', 'd']), c.choice(['a', 'b', 'c', 'd'])]).toEqual(['a', 'a', 'd']);
  });
});

describe('RandomStream distributions', () => {
  const N = 100_000;
  const moments = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    return { m, v };
  };

  it('uniform lies in [lo, hi) with mean and variance of U(lo, hi)', () => {
    const s = new RandomStreams(1).stream('u');
    const xs = Array.from({ length: N }, () => s.uniform(-2, 4));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(4);
    const { m, v } = moments(xs);
    // 5-sigma bounds on the sample mean and variance
    expect(Math.abs(m - 1)).toBeLessThan(5 * Math.sqrt(3 / N));
    expect(Math.abs(v - 3)).toBeLessThan(0.05);
  });

  it('normal has the requested mean and std, and Gaussian tails', () => {
    const s = new RandomStreams(2).stream('n');
    const xs = Array.from({ length: N }, () => s.normal(3, 2));
    const { m, v } = moments(xs);
    expect(Math.abs(m - 3)).toBeLessThan(5 * (2 / Math.sqrt(N)));
    expect(Math.abs(Math.sqrt(v) - 2)).toBeLessThan(0.03);
    const beyond2 = xs.filter((x) => Math.abs(x - 3) > 4).length / N; // P(|z| > 2) = 0.0455
    expect(Math.abs(beyond2 - 0.0455)).toBeLessThan(0.004);
  });

  it.each([0.5, 4, 29.9, 30, 200])('poisson(%s) has mean and variance lambda', (lambda) => {
    const s = new RandomStreams(3).stream(`p${lambda}`);
    const xs = Array.from({ length: N }, () => s.poisson(lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const { m, v } = moments(xs);
    expect(Math.abs(m - lambda)).toBeLessThan(5 * Math.sqrt(lambda / N));
    expect(Math.abs(v / lambda - 1)).toBeLessThan(0.03);
  });

  it('poisson(1) matches the probability mass function', () => {
    const s = new RandomStreams(4).stream('pmf');
    const counts = new Array(10).fill(0);
    for (let i = 0; i < N; i++) counts[Math.min(9, s.poisson(1))]++;
    const pmf = (k: number) => Math.exp(-1) / [1, 1, 2, 6, 24][k];
    for (let k = 0; k < 5; k++) expect(Math.abs(counts[k] / N - pmf(k))).toBeLessThan(5 * Math.sqrt(pmf(k) / N));
  });

  it('bernoulli(p) succeeds with frequency p and rejects p outside [0, 1]', () => {
    const s = new RandomStreams(5).stream('b');
    const hits = Array.from({ length: N }, () => s.bernoulli(0.2)).filter(Boolean).length;
    expect(Math.abs(hits / N - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / N));
    expect(() => s.bernoulli(1.5)).toThrow(/p must lie in \[0, 1\], got 1.5/);
  });

  it('exponential has mean 1/rate', () => {
    const s = new RandomStreams(6).stream('e');
    const { m } = moments(Array.from({ length: N }, () => s.exponential(4)));
    expect(Math.abs(m - 0.25)).toBeLessThan(5 * (0.25 / Math.sqrt(N)));
  });

  it('permutation is a permutation and every position is uniform', () => {
    const s = new RandomStreams(7).stream('perm');
    const firstCounts = new Array(5).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const p = s.permutation(5);
      expect([...p].sort()).toEqual([0, 1, 2, 3, 4]);
      firstCounts[p[0]]++;
    }
    for (const c of firstCounts) expect(Math.abs(c / 20_000 - 0.2)).toBeLessThan(0.015);
  });

  it('choice and sampleWithoutReplacement draw from the right sets', () => {
    const s = new RandomStreams(8).stream('c');
    const seen = new Set(Array.from({ length: 200 }, () => s.choice(['x', 'y', 'z'])));
    expect(seen).toEqual(new Set(['x', 'y', 'z']));
    const sample = s.sampleWithoutReplacement(50, 20);
    expect(new Set(sample).size).toBe(20);
    expect([...sample].every((i) => i >= 0 && i < 50)).toBe(true);
    expect(() => s.choice([])).toThrow(/empty/);
  });
});
