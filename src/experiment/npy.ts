import { readFileSync, writeFileSync } from 'node:fs';

/**
 * NumPy .npy files (format version 1.0) for Float64 arrays: a magic string, a little header that is a
 * Python dict literal (dtype '<f8', C order, shape), padded so the data starts on a 64-byte boundary,
 * then the raw little-endian doubles. `numpy.load(path)` reads what writeNpy writes.
 */
const MAGIC = Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]);

export function encodeNpy(data: Float64Array, shape: number[]): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`npy: shape [${shape.join(', ')}] holds ${count} values, data has ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = MAGIC.length + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(header.length);
  const body = Buffer.alloc(data.length * 8);
  for (let i = 0; i < data.length; i++) body.writeDoubleLE(data[i], i * 8);
  return Buffer.concat([MAGIC, len, Buffer.from(header, 'latin1'), body]);
}

export function decodeNpy(buf: Buffer, name = 'npy'): { data: Float64Array; shape: number[] } {
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC.subarray(0, 6))) throw new Error(`${name}: not a .npy file (bad magic string)`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + headerLen).toString('latin1');
  if (!/'descr':\s*'<f8'/.test(header)) throw new Error(`${name}: only little-endian float64 ('<f8') arrays are supported; header is ${header.trim()}`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${name}: Fortran-ordered arrays are not supported`);
  const m = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!m) throw new Error(`${name}: header has no shape: ${header.trim()}`);
  const shape = m[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (buf.length !== offset + count * 8) throw new Error(`${name}: expected ${count} float64 values after the header, file holds ${(buf.length - offset) / 8}`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = buf.readDoubleLE(offset + i * 8);
  return { data, shape };
}

export function writeNpy(path: string, data: Float64Array, shape: number[]): void {
  writeFileSync(path, encodeNpy(data, shape));
}

export function readNpy(path: string): { data: Float64Array; shape: number[] } {
  return decodeNpy(readFileSync(path), path);
}
