/**
 * Separable resampling onto a grid aligned on centres (IBSI 1, §2.4): along each axis the new
 * grid has `ceil(n·s/s')` voxels and its centre coincides with the old grid's centre. Samples
 * beyond the first/last voxel centre take the edge value (nearest extrapolation).
 *
 * @module
 */

/** Interpolation kernels. */
export type Kernel = "nearest" | "linear" | "cubic";

/** New size along one axis and the old-index position of new voxel `i`. */
export function alignedAxis(n: number, from: number, to: number): { n: number; pos: (i: number) => number } {
  const m = Math.max(1, Math.ceil(n * from / to - 1e-9));
  const r = to / from;
  return { n: m, pos: (i) => (n - 1) / 2 + (i - (m - 1) / 2) * r };
}

function cubicWeights(t: number): [number, number, number, number] {
  // Keys cubic convolution, a = -0.5 (Catmull–Rom).
  const a = -0.5;
  const w = (x: number) => {
    x = Math.abs(x);
    if (x <= 1) return (a + 2) * x * x * x - (a + 3) * x * x + 1;
    if (x < 2) return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a;
    return 0;
  };
  return [w(1 + t), w(t), w(1 - t), w(2 - t)];
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
      const f = Math.floor(p);
      const w = cubicWeights(p - f);
      for (let q = 0; q < 4; q++) idx[4 * i + q] = clamp(f - 1 + q), wts[4 * i + q] = w[q]!;
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
