/**
 * The voxel grid the IBSI-2 filters work on (x fastest), and boundary padding: `constant` (zeros),
 * `nearest` (edge value), `periodic` (wrap), `mirror` (symmetric, edge repeated: d c b a | a b c d).
 *
 * @module
 */

/** A 3D image, x fastest. */
export interface Grid {
  readonly data: Float64Array;
  readonly dims: readonly [number, number, number];
}

/** Boundary padding of IBSI-2. */
export type Padding = "constant" | "nearest" | "periodic" | "mirror";

/**
 * Index inside `[0, n)` that a position outside stands for, or −1 for a zero (constant padding).
 *
 * @param i position, may be outside
 * @param n axis length
 * @param mode padding
 * @returns index, or −1
 */
export function padIndex(i: number, n: number, mode: Padding): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case "constant":
      return -1;
    case "nearest":
      return i < 0 ? 0 : n - 1;
    case "periodic":
      return ((i % n) + n) % n;
    case "mirror": {
      const p = 2 * n;
      const r = ((i % p) + p) % p;
      return r < n ? r : p - 1 - r;
    }
  }
}

/**
 * Correlate along one axis: `out[x] = Σ_q kernel[q] · in[x + (q − origin)·step]`, the image
 * extended by `mode`. `step` > 1 dilates the kernel (à trous wavelets).
 *
 * @param g image
 * @param axis 0 = x, 1 = y, 2 = z
 * @param kernel taps
 * @param origin tap aligned with the output voxel
 * @param mode padding
 * @param step dilation
 * @returns the filtered image
 */
export function correlateAxis(
  g: Grid,
  axis: 0 | 1 | 2,
  kernel: ArrayLike<number>,
  origin: number,
  mode: Padding,
  step = 1,
): Grid {
  const [nx, ny, nz] = g.dims;
  const n = g.dims[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const taps = kernel.length;
  // Per position along the axis: the source index of every tap (−1 = zero).
  const src = new Int32Array(n * taps);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < taps; q++) src[i * taps + q] = padIndex(i + (q - origin) * step, n, mode);
  }
  const w = Float64Array.from(kernel);
  const out = new Float64Array(g.data.length);
  const d = g.data;
  const lines = (nx * ny * nz) / n;
  const a = axis === 0 ? ny : nx;
  for (let l = 0; l < lines; l++) {
    const u = l % a;
    const v = Math.floor(l / a);
    const base = axis === 0 ? nx * (u + ny * v) : axis === 1 ? u + nx * ny * v : u + nx * v;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * taps;
      for (let q = 0; q < taps; q++) {
        const j = src[o + q]!;
        if (j >= 0) s += w[q]! * d[base + j * stride]!;
      }
      out[base + i * stride] = s;
    }
  }
  return { data: out, dims: g.dims };
}

/**
 * Apply one 1D kernel per axis (`undefined` = leave that axis alone).
 *
 * @param g image
 * @param kernels x, y, z kernels (centred: origin ⌊(length − 1)/2⌋ unless given)
 * @param mode padding
 * @returns filtered image
 */
export function separable(
  g: Grid,
  kernels: readonly (ArrayLike<number> | undefined)[],
  mode: Padding,
): Grid {
  let cur = g;
  for (const axis of [0, 1, 2] as const) {
    const k = kernels[axis];
    if (k) cur = correlateAxis(cur, axis, k, Math.floor((k.length - 1) / 2), mode);
  }
  return cur;
}
