import { RandomStream } from './stream.js';

export type Seed = number | string;

/**
 * A run's master seed and the named streams derived from it.
 *
 * Each stream is seeded by the text "<master>/<name>", so its numbers depend only on the master seed
 * and its own name: adding, removing or reordering other consumers never shifts them.
 * `stream(name)` returns the same object every time it is asked for the same name (one consumer, one
 * position); `fork(prefix)` gives a child whose stream names are all prefixed, for handing a
 * sub-system (a learning rule, a task generator) its own namespace.
 */
export class RandomStreams {
  readonly seed: Seed;
  private readonly prefix: string;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: Seed, prefix = '') {
    if (typeof seed === 'number' && !Number.isFinite(seed)) throw new RangeError(`RandomStreams: seed must be a finite number or a string, got ${seed}`);
    this.seed = seed;
    this.prefix = prefix;
  }

  stream(name: string): RandomStream {
    if (name.length === 0) throw new RangeError('RandomStreams.stream: a stream needs a non-empty name');
    const full = this.prefix + name;
    let s = this.streams.get(full);
    if (!s) {
      s = new RandomStream(`${String(this.seed)}/${full}`, full);
      this.streams.set(full, s);
    }
    return s;
  }

  /** A namespace of streams "<prefix>/<name>" under the same master seed. */
  fork(prefix: string): RandomStreams {
    if (prefix.length === 0) throw new RangeError('RandomStreams.fork: prefix must be non-empty');
    return new RandomStreams(this.seed, `${this.prefix}${prefix}/`);
  }

  /** Names of the streams drawn from so far (useful in manifests and debugging). */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}
