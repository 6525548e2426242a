import { allocF64 } from './backend.js';

/**
 * A dense row-major matrix over a Float64Array: element (i, j) is data[i * cols + j].
 * `data` may be a view into a larger buffer (a minibatch slice), so kernels use rows*cols, never data.length.
 * A matrix made without `data` lives where the active kernels work on it in place: in the WebAssembly heap
 * (src/kernels/heap.ts), or in a plain Float64Array on the JavaScript path.
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  /** The matrix a view shares memory with, kept alive so that its heap block is not reused under the view. */
  private readonly owner: Matrix | null = null;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`Matrix: rows and cols must be non-negative integers, got ${rows}x${cols}`);
    }
    if (data && data.length < rows * cols) {
      throw new RangeError(`Matrix: data holds ${data.length} values, a ${rows}x${cols} matrix needs ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? allocF64(rows * cols);
  }

  static from(rows: readonly (readonly number[])[]): Matrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0].length;
    const m = new Matrix(r, c);
    rows.forEach((row, i) => {
      if (row.length !== c) throw new RangeError(`Matrix.from: row ${i} has ${row.length} values, row 0 has ${c}`);
      for (let j = 0; j < c; j++) m.data[i * c + j] = row[j];
    });
    return m;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** A view of rows [start, start+count) sharing this matrix's memory. */
  rowView(start: number, count: number): Matrix {
    if (start < 0 || count < 0 || start + count > this.rows) {
      throw new RangeError(`Matrix.rowView: rows [${start}, ${start + count}) lie outside a ${this.rows}-row matrix`);
    }
    const view = new Matrix(count, this.cols, this.data.subarray(start * this.cols, (start + count) * this.cols));
    (view as unknown as { owner: Matrix | null }).owner = this.owner ?? this;
    return view;
  }

  clone(): Matrix {
    const copy = new Matrix(this.rows, this.cols);
    copy.data.set(this.data.subarray(0, this.rows * this.cols));
    return copy;
  }

  fill(v: number): this {
    this.data.fill(v, 0, this.rows * this.cols);
    return this;
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  shape(): string {
    return `${this.rows}x${this.cols}`;
  }
}

/** Throws a RangeError naming the operation and the offending shapes. */
export function assertShape(op: string, what: string, m: Matrix, rows: number, cols: number): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new RangeError(`${op}: ${what} must be ${rows}x${cols}, got ${m.shape()}`);
  }
}
