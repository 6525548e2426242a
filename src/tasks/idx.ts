import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants, gunzip, gunzipSync } from 'node:zlib';

/**
 * Reader for the IDX format that MNIST ships in (the files may also be gzip-compressed, as Debian's
 * Fashion-MNIST package ships them: the file readers decompress them; the buffer parsers take raw IDX). A file is a 4-byte big-endian magic number
 * (two zero bytes, a type code, the number of dimensions), one big-endian uint32 per dimension, then the
 * values in row-major order. Only type 0x08 (unsigned bytes) is supported — it is all MNIST uses.
 *
 * Every check throws an Error whose message starts with the file's name and says what was expected and
 * what was found, so a corrupt or half-downloaded dataset is diagnosed from the message alone.
 */

/** Magic number of an image file: unsigned bytes, 3 dimensions [count, rows, cols]. */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of a label file: unsigned bytes, 1 dimension [count]. */
export const IDX_LABELS_MAGIC = 0x00000801;

/** A parsed IDX file: its dimensions and its values (a view into the buffer it was parsed from, no copy). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** count × rows × cols bytes, row-major, one image after another. */
  readonly pixels: Uint8Array;
}

const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

function describeMagic(magic: number): string {
  const type = (magic >>> 8) & 0xff;
  const ndims = magic & 0xff;
  return type === 0x08 ? `unsigned bytes, ${ndims} dimension${ndims === 1 ? '' : 's'}` : `type code 0x${type.toString(16)}, ${ndims} dimensions`;
}

/**
 * Parses an IDX buffer whose magic number must equal `expectedMagic`. `name` (a path or file name) starts
 * every error message. The returned data is a view into `buffer`.
 */
export function parseIdx(buffer: Uint8Array, name: string, expectedMagic: number): IdxArray {
  const { dims, headerBytes } = parseIdxHeader(buffer, buffer.length, name, expectedMagic);
  return { dims, data: buffer.subarray(headerBytes) };
}

/**
 * The checks of parseIdx on a file's first bytes (`buffer`: the whole file, or at least its header) and its
 * total length, so that a file can be checked without reading it whole.
 */
function parseIdxHeader(buffer: Uint8Array, length: number, name: string, expectedMagic: number): { dims: number[]; headerBytes: number } {
  if (buffer.length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
    throw new Error(`${name}: file is gzip-compressed (starts with bytes 1f 8b), expected a raw IDX file; gunzip it first`);
  }
  if (length < 4) {
    throw new Error(`${name}: too short to be an IDX file, expected at least a 4-byte magic number, file has ${length} bytes`);
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    const what = magic >>> 16 !== 0 ? 'not an IDX file' : describeMagic(magic);
    throw new Error(
      `${name}: bad magic number, expected ${hex(expectedMagic)} (${describeMagic(expectedMagic)}), found ${hex(magic)} (${what})`,
    );
  }
  const ndims = magic & 0xff;
  const headerBytes = 4 + 4 * ndims;
  if (length < headerBytes) {
    throw new Error(`${name}: truncated header, ${ndims} dimensions need ${headerBytes} header bytes, file has ${length}`);
  }
  const dims: number[] = [];
  let expectedData = 1;
  for (let k = 0; k < ndims; k++) {
    const d = view.getUint32(4 + 4 * k, false);
    dims.push(d);
    expectedData *= d;
  }
  const found = length - headerBytes;
  if (found !== expectedData) {
    const problem = found < expectedData ? 'truncated' : `${found - expectedData} unexpected extra bytes`;
    throw new Error(
      `${name}: ${problem}, header says ${dims.join('×')} = ${expectedData} bytes of data, file has ${found} bytes after the ${headerBytes}-byte header`,
    );
  }
  return { dims, headerBytes };
}

/** Parses an image file (magic 0x00000803, dims [count, rows, cols]). */
export function parseIdxImages(buffer: Uint8Array, name: string): IdxImages {
  const { dims, data } = parseIdx(buffer, name, IDX_IMAGES_MAGIC);
  return { count: dims[0], rows: dims[1], cols: dims[2], pixels: data };
}

/** Parses a label file (magic 0x00000801, dims [count]); one byte per example. */
export function parseIdxLabels(buffer: Uint8Array, name: string): Uint8Array {
  return parseIdx(buffer, name, IDX_LABELS_MAGIC).data;
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const gunzipAsync = promisify(gunzip);

async function readWhole(path: string): Promise<Uint8Array> {
  let raw: Uint8Array;
  try {
    raw = await readFile(path);
  } catch (err) {
    throw new Error(`${path}: cannot read IDX file (${(err as Error).message})`, { cause: err });
  }
  if (!isGzip(raw)) return raw;
  try {
    return await gunzipAsync(raw);
  } catch (err) {
    throw new Error(`${path}: gzip-compressed but cannot be decompressed (${(err as Error).message}); the file is truncated or corrupt`, { cause: err });
  }
}

/** Reads and parses an image file; errors name `path`. */
export async function readIdxImages(path: string): Promise<IdxImages> {
  return parseIdxImages(await readWhole(path), path);
}

/** Reads and parses a label file; errors name `path`. */
export async function readIdxLabels(path: string): Promise<Uint8Array> {
  return parseIdxLabels(await readWhole(path), path);
}

/**
 * The dimensions of an IDX file from its header, checked against the file's length (magic number, gzip,
 * truncation) without reading the data: [count, rows, cols] for images, [count] for labels.
 */
export function readIdxDims(path: string, expectedMagic: number): number[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, expected an IDX file' : (e as Error).message}`);
  }
  try {
    const head = new Uint8Array(16);
    const got = readSync(fd, head, 0, 16, 0);
    const size = fstatSync(fd).size;
    if (!isGzip(head.subarray(0, got))) return parseIdxHeader(head.subarray(0, got), size, path, expectedMagic).dims;
    // gzip: the header from the first few kilobytes decompressed as far as they go, the length from the
    // trailer (ISIZE, the uncompressed size mod 2^32: exact for any IDX file of MNIST's kind).
    const start = new Uint8Array(Math.min(size, 4096));
    readSync(fd, start, 0, start.length, 0);
    const trailer = new Uint8Array(4);
    readSync(fd, trailer, 0, 4, Math.max(0, size - 4));
    let first: Uint8Array;
    try {
      first = gunzipSync(start, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (err) {
      throw new Error(`${path}: gzip-compressed but cannot be decompressed (${(err as Error).message})`, { cause: err });
    }
    const length = new DataView(trailer.buffer).getUint32(0, true);
    try {
      return parseIdxHeader(first.subarray(0, 16), length, path, expectedMagic).dims;
    } catch (err) {
      // A cut-off .gz file has no trailer: its last 4 bytes are compressed data, read as a nonsense length.
      const why = (err as Error).message.replace(`${path}: `, '');
      throw new Error(`${path}: gzip-compressed, and the uncompressed length in its trailer does not fit its header: the file is truncated or corrupt (${why})`, { cause: err });
    }
  } finally {
    closeSync(fd);
  }
}
