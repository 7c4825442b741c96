/**
 * Separable resampling onto a grid aligned on centres (IBSI 1, §2.4): along each axis the new
 * grid has `ceil(n·s/s')` voxels and its centre coincides with the old grid's centre. Samples
 * beyond the first/last voxel centre take the edge value (nearest extrapolation). `cubic` is the
 * cubic B-spline with its prefilter (IBSI's tricubic spline), applied one axis at a time (the
 * tensor-product spline is separable).
 *
 * @module
 */
import { SPLINE_PAD, splinePrefilter, splineWeights } from "./_bspline.ts";

/** Interpolation kernels. */
export type Kernel = "nearest" | "linear" | "cubic";

/** New size along one axis and the old-index position of new voxel `i`. */
export function alignedAxis(n: number, from: number, to: number): { n: number; pos: (i: number) => number } {
  const m = Math.max(1, Math.ceil(n * from / to - 1e-9));
  const r = to / from;
  return { n: m, pos: (i) => (n - 1) / 2 + (i - (m - 1) / 2) * r };
}

/** Spline coefficients along `axis`, the axis extended by SPLINE_PAD edge values on each side. */
function splineCoefficients(
  data: Float64Array,
  dims: readonly [number, number, number],
  axis: 0 | 1 | 2,
): { data: Float64Array; dims: [number, number, number] } {
  const n = dims[axis];
  const m = n + 2 * SPLINE_PAD;
  const out: [number, number, number] = [dims[0], dims[1], dims[2]];
  out[axis] = m;
  const res = new Float64Array(out[0] * out[1] * out[2]);
  const line = new Float64Array(m);
  const strideIn = [1, dims[0], dims[0] * dims[1]];
  const strideOut = [1, out[0], out[0] * out[1]];
  const [a, b] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const sIn = strideIn[axis]!;
  const sOut = strideOut[axis]!;
  for (let v = 0; v < dims[b]!; v++) {
    for (let u = 0; u < dims[a]!; u++) {
      const base = u * strideIn[a]! + v * strideIn[b]!;
      const baseOut = u * strideOut[a]! + v * strideOut[b]!;
      for (let q = 0; q < m; q++) line[q] = data[base + Math.min(n - 1, Math.max(0, q - SPLINE_PAD)) * sIn]!;
      splinePrefilter(line);
      for (let q = 0; q < m; q++) res[baseOut + q * sOut] = line[q]!;
    }
  }
  return { data: res, dims: out };
}

/** Resample along one axis (0 = x, 1 = y, 2 = z) to `m` samples at old positions `pos(i)`. */
function resampleAxis(
  data: Float64Array,
  dims: readonly [number, number, number],
  axis: 0 | 1 | 2,
  m: number,
  pos: (i: number) => number,
  kernel: Kernel,
): { data: Float64Array; dims: [number, number, number] } {
  if (kernel === "cubic") ({ data, dims } = splineCoefficients(data, dims, axis));
  const n = dims[axis];
  const out: [number, number, number] = [dims[0], dims[1], dims[2]];
  out[axis] = m;
  const stride = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
  // Per output sample: source indices and weights.
  const taps = kernel === "cubic" ? 4 : kernel === "linear" ? 2 : 1;
  const idx = new Int32Array(m * taps);
  const wts = new Float64Array(m * taps);
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  for (let i = 0; i < m; i++) {
    const p = clamp(pos(i));
    if (kernel === "nearest") {
      idx[i] = clamp(Math.round(p));
      wts[i] = 1;
    } else if (kernel === "linear") {
      const f = Math.floor(p);
      const t = p - f;
      idx[2 * i] = f, idx[2 * i + 1] = clamp(f + 1), wts[2 * i] = 1 - t, wts[2 * i + 1] = t;
    } else {
      // Positions on the padded coefficient line; the edge padding gives nearest extrapolation.
      const pp = Math.min(n - 3, Math.max(2, pos(i) + SPLINE_PAD));
      const f = Math.floor(pp);
      const w = splineWeights(pp - f);
      for (let q = 0; q < 4; q++) idx[4 * i + q] = f - 1 + q, wts[4 * i + q] = w[q]!;
    }
  }
  const res = new Float64Array(out[0] * out[1] * out[2]);
  const [ox, oy, oz] = out;
  for (let k = 0; k < oz; k++) {
    for (let j = 0; j < oy; j++) {
      for (let i = 0; i < ox; i++) {
        const o = i + ox * (j + oy * k);
        const c = axis === 0 ? i : axis === 1 ? j : k;
        const srcBase = axis === 0
          ? j * dims[0] + k * dims[0] * dims[1]
          : axis === 1
          ? i + k * dims[0] * dims[1]
          : i + j * dims[0];
        let s = 0;
        for (let q = 0; q < taps; q++) s += wts[c * taps + q]! * data[srcBase + idx[c * taps + q]! * stride]!;
        res[o] = s;
      }
    }
  }
  return { data: res, dims: out };
}

/**
 * Resample a 3D array to new spacing with a centre-aligned grid.
 *
 * @param data voxels, x fastest
 * @param dims grid size
 * @param spacing old spacing (mm)
 * @param target new spacing (mm)
 * @param kernel interpolation
 * @returns resampled data, dims and the old-index position of new voxel 0 per axis
 */
export function resampleAligned(
  data: Float64Array,
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
  target: readonly [number, number, number],
  kernel: Kernel,
): { data: Float64Array; dims: [number, number, number]; origin: [number, number, number] } {
  let cur = { data, dims: [dims[0], dims[1], dims[2]] as [number, number, number] };
  const origin: [number, number, number] = [0, 0, 0];
  for (const axis of [0, 1, 2] as const) {
    if (Math.abs(spacing[axis] - target[axis]) < 1e-9) continue;
    const ax = alignedAxis(dims[axis], spacing[axis], target[axis]);
    origin[axis] = ax.pos(0);
    cur = resampleAxis(cur.data, cur.dims, axis, ax.n, ax.pos, kernel);
  }
  return { ...cur, origin };
}
