import { createHash } from 'node:crypto';

/** SHA-256 (hex) of the IEEE-754 bytes of some arrays, in order: equal hashes mean bit-identical values. */
export function hashArrays(...arrays: (Float64Array | Int32Array)[]): string {
  const h = createHash('sha256');
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}
