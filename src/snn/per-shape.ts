/**
 * Buffers made once per batch shape and kept. A run alternates between a few shapes — its training batches,
 * the last, shorter batch of an epoch, the probe batch of the diagnostics — and buffers made again at each
 * switch are garbage the kernel heap cannot take back until the run's synchronous job ends
 * (src/kernels/heap.ts): a 15-epoch run of 2,250-step sequences filled the 4 GiB heap that way.
 */
export class PerShape<T> {
  private readonly made = new Map<string, T>();

  get(shape: string, make: () => T): T {
    let buffers = this.made.get(shape);
    if (!buffers) {
      buffers = make();
      this.made.set(shape, buffers);
    }
    return buffers;
  }
}
