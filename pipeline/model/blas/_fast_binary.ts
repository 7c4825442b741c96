/**
 * Broadcasting float32 binary kernels (Add, Sub, Multiply, RealDiv, Maximum, Minimum,
 * SquaredDifference) for the `cpu` backend. The stock ones map every output element to its input
 * positions with `indexToLoc`/`slice`/`locToIndex` when shapes differ (a third of a U-Net step:
 * bias adds, instance norm); these walk the output once with an odometer over the outer
 * dimensions and one strided loop over the two innermost dims (stride 0 where an operand broadcasts).
 * Same arithmetic in the same precision as stock, so results are bit-identical.
 *
 * @module
 */

import {
  Add,
  backend_util,
  type KernelConfig,
  Maximum,
  Minimum,
  Multiply,
  RealDiv,
  SquaredDifference,
  Sub,
} from "@tensorflow/tfjs-core";
import { float32Values, sizeOf, type StockKernels, withFallback } from "./_fast_common.ts";
import { takeFloat32 } from "./_buffer_pool.ts";

/**
 * `out[o + r*n + j] = op(a[ai + r*as1 + j*as0], b[bi + r*bs1 + j*bs0])` over an m×n block (the two
 * innermost dims); one function per op so each call site stays monomorphic, and one call per block
 * so short channel runs (`[N, D·H·W, C] − [N, 1, C]`) do not pay a call per run.
 */
type Row = (
  out: Float32Array,
  o: number,
  a: Float32Array,
  ai: number,
  as0: number,
  as1: number,
  b: Float32Array,
  bi: number,
  bs0: number,
  bs1: number,
  m: number,
  n: number,
) => void;

const ROWS: Record<string, Row> = {
  [Add]: (out, o, a, ai, as0, as1, b, bi, bs0, bs1, m, n) => {
    for (let r = 0; r < m; r++, ai += as1, bi += bs1) {
      for (let j = 0, p = ai, q = bi; j < n; j++, p += as0, q += bs0) out[o++] = a[p]! + b[q]!;
    }
  },
  [Sub]: (out, o, a, ai, as0, as1, b, bi, bs0, bs1, m, n) => {
    for (let r = 0; r < m; r++, ai += as1, bi += bs1) {
      for (let j = 0, p = ai, q = bi; j < n; j++, p += as0, q += bs0) out[o++] = a[p]! - b[q]!;
    }
  },
  [Multiply]: (out, o, a, ai, as0, as1, b, bi, bs0, bs1, m, n) => {
    for (let r = 0; r < m; r++, ai += as1, bi += bs1) {
      for (let j = 0, p = ai, q = bi; j < n; j++, p += as0, q += bs0) out[o++] = a[p]! * b[q]!;
    }
  },
  [RealDiv]: (out, o, a, ai, as0, as1, b, bi, bs0, bs1, m, n) => {
    for (let r = 0; r < m; r++, ai += as1, bi += bs1) {
      for (let j = 0, p = ai, q = bi; j < n; j++, p += as0, q += bs0) out[o++] = a[p]! / b[q]!;
    }
  },
  [Maximum]: (out, o, a, ai, as0, as1, b, bi, bs0, bs1, m, n) => {
    for (let r = 0; r < m; r++, ai += as1, bi += bs1) {
      for (let j = 0, p = ai, q = bi; j < n; j++, p += as0, q += bs0) out[o++] = Math.max(a[p]!, b[q]!);
    }
  },
  [Minimum]: (out, o, a, ai, as0, as1, b, bi, bs0, bs1, m, n) => {
    for (let r = 0; r < m; r++, ai += as1, bi += bs1) {
      for (let j = 0, p = ai, q = bi; j < n; j++, p += as0, q += bs0) out[o++] = Math.min(a[p]!, b[q]!);
    }
  },
  [SquaredDifference]: (out, o, a, ai, as0, as1, b, bi, bs0, bs1, m, n) => {
    for (let r = 0; r < m; r++, ai += as1, bi += bs1) {
      for (let j = 0, p = ai, q = bi; j < n; j++, p += as0, q += bs0) {
        const d = a[p]! - b[q]!;
        out[o++] = d * d;
      }
    }
  },
};

/**
 * Loops for the patterns a U-Net step is made of, on subarrays so V8 drops the offset arithmetic
 * (1.6–2.5× the strided loop above): both operands contiguous (`full`), and one contiguous with the
 * other a single row repeated (`rowA`: a repeats, `rowB`: b repeats — a bias or a norm's [C]).
 */
interface Contiguous {
  full(out: Float32Array, a: Float32Array, b: Float32Array): void;
  rowA(out: Float32Array, a: Float32Array, b: Float32Array): void;
  rowB(out: Float32Array, a: Float32Array, b: Float32Array): void;
}

const CONTIGUOUS: Record<string, Contiguous> = {
  [Add]: {
    full: (out, a, b) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
    },
    rowA: (out, a, b) => {
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === a.length ? 0 : j + 1) out[i] = a[j]! + b[i]!;
    },
    rowB: (out, a, b) => {
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === b.length ? 0 : j + 1) out[i] = a[i]! + b[j]!;
    },
  },
  [Sub]: {
    full: (out, a, b) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! - b[i]!;
    },
    rowA: (out, a, b) => {
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === a.length ? 0 : j + 1) out[i] = a[j]! - b[i]!;
    },
    rowB: (out, a, b) => {
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === b.length ? 0 : j + 1) out[i] = a[i]! - b[j]!;
    },
  },
  [Multiply]: {
    full: (out, a, b) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! * b[i]!;
    },
    rowA: (out, a, b) => {
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === a.length ? 0 : j + 1) out[i] = a[j]! * b[i]!;
    },
    rowB: (out, a, b) => {
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === b.length ? 0 : j + 1) out[i] = a[i]! * b[j]!;
    },
  },
  [RealDiv]: {
    full: (out, a, b) => {
      for (let i = 0; i < out.length; i++) out[i] = a[i]! / b[i]!;
    },
    rowA: (out, a, b) => {
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === a.length ? 0 : j + 1) out[i] = a[j]! / b[i]!;
    },
    rowB: (out, a, b) => {
      for (let i = 0, j = 0; i < out.length; i++, j = j + 1 === b.length ? 0 : j + 1) out[i] = a[i]! / b[j]!;
    },
  },
};

/** The binary kernels replaced. */
export const FAST_BINARY_KERNELS: readonly string[] = Object.keys(ROWS);

/** Per-operand element strides (0 where it broadcasts) of `shape` seen as `outShape`. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const r = outShape.length;
  const strides = new Array<number>(r).fill(0);
  let step = 1;
  let k = r - 1;
  for (let i = shape.length - 1; i >= 0; i--, k--) {
    const d = shape[i]!;
    strides[k] = d === 1 ? 0 : step;
    step *= d;
  }
  return strides;
}

/** Output dims and operand strides with size-1 dims dropped and mergeable neighbours merged. */
function plan(aShape: number[], bShape: number[], outShape: number[]): [number[], number[], number[]] {
  const aFull = broadcastStrides(aShape, outShape);
  const bFull = broadcastStrides(bShape, outShape);
  const dims: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < outShape.length; i++) {
    const d = outShape[i]!;
    if (d === 1) continue;
    const k = dims.length - 1;
    // Merging (outer k, inner d) is valid when each operand's outer stride spans the inner dim,
    // which covers both "contiguous" and "broadcast in both" (0 === 0 * d).
    if (k >= 0 && as[k] === aFull[i]! * d && bs[k] === bFull[i]! * d) {
      dims[k]! *= d;
      as[k] = aFull[i]!;
      bs[k] = bFull[i]!;
    } else {
      dims.push(d);
      as.push(aFull[i]!);
      bs.push(bFull[i]!);
    }
  }
  if (dims.length === 0) return [[1], [0], [0]];
  return [dims, as, bs];
}

function broadcastBinary(
  row: Row,
  fast: Contiguous | undefined,
  a: Float32Array,
  aShape: number[],
  b: Float32Array,
  bShape: number[],
  outShape: number[],
): Float32Array {
  const out = takeFloat32(sizeOf(outShape));
  if (out.length === 0) return out;
  const [dims, aStr, bStr] = plan(aShape, bShape, outShape);
  if (dims.length === 1) {
    dims.unshift(1);
    aStr.unshift(0);
    bStr.unshift(0);
  }
  const last = dims.length - 1;
  const n = dims[last]!;
  const m = dims[last - 1]!;
  const [as0, as1, bs0, bs1] = [aStr[last]!, aStr[last - 1]!, bStr[last]!, bStr[last - 1]!];
  const count = new Int32Array(last - 1);
  let ai = 0;
  let bi = 0;
  const block = m * n;
  // With one row per block, its row strides do not matter: treat it as contiguous.
  const [ar, br] = m === 1 ? [n, n] : [as1, bs1];
  const loop = fast === undefined || as0 !== 1 || bs0 !== 1
    ? undefined
    : ar === n && br === n
    ? fast.full
    : ar === n && br === 0
    ? fast.rowB
    : ar === 0 && br === n
    ? fast.rowA
    : undefined;
  for (let o = 0; o < out.length; o += block) {
    if (loop === undefined) row(out, o, a, ai, as0, as1, b, bi, bs0, bs1, m, n);
    else {
      const aRows = ar === 0 ? n : block;
      const bRows = br === 0 ? n : block;
      loop(out.subarray(o, o + block), a.subarray(ai, ai + aRows), b.subarray(bi, bi + bRows));
    }
    // Odometer over the outer dims, innermost first.
    for (let d = last - 2; d >= 0; d--) {
      ai += aStr[d]!;
      bi += bStr[d]!;
      if (++count[d]! < dims[d]!) break;
      count[d] = 0;
      ai -= aStr[d]! * dims[d]!;
      bi -= bStr[d]! * dims[d]!;
    }
  }
  return out;
}

/**
 * Fast broadcasting binary kernel configs; non-float32 inputs go to the stock kernels.
 *
 * @param stock stock configs by kernel name
 * @returns one config per name in {@linkcode FAST_BINARY_KERNELS}
 */
export function fastBinaryConfigs(stock: StockKernels): KernelConfig[] {
  return FAST_BINARY_KERNELS.map((name) => {
    const row = ROWS[name]!;
    return withFallback(name, stock, ({ inputs }, backend) => {
      const av = float32Values(backend, inputs.a);
      const bv = float32Values(backend, inputs.b);
      if (av === undefined || bv === undefined) return undefined;
      const aShape = inputs.a!.shape;
      const bShape = inputs.b!.shape;
      const outShape = backend_util.assertAndGetBroadcastShape(aShape, bShape);
      return backend.makeTensorInfo(
        outShape,
        "float32",
        broadcastBinary(row, CONTIGUOUS[name], av, aShape, bv, bShape, outShape),
      );
    });
  });
}
