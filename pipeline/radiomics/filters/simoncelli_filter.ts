/**
 * IBSI-2 non-separable Simoncelli wavelet: a radial band-pass defined in the Fourier domain,
 * `ψ(ω) = cos(π/2 · log₂(2‖ω‖/π))` for `π/4 < ‖ω‖ ≤ π` (0 elsewhere), `ω` the angular frequency
 * per voxel; level j uses `ψ(2^(j−1) ω)` (the band moves down an octave per level). The boundary
 * is periodic: the DFT's own, over the grid as it is.
 *
 * @module
 */
import { fftNd } from "./_fft.ts";
import type { Grid } from "./_grid.ts";

/**
 * Simoncelli band-pass response (real part of the inverse transform).
 *
 * @param g image (periodic boundary)
 * @param level decomposition level ≥ 1
 * @param dimensions `3d`, or `2d` (each axial slice)
 * @returns response map
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { simoncelliFilter } from "./simoncelli_filter.ts";
 * const g = { data: new Float64Array(512).fill(7), dims: [8, 8, 8] as const };
 * assert.ok(simoncelliFilter(g, 1, "3d").data.every((v) => Math.abs(v) < 1e-9)); // no DC
 * ```
 */
export function simoncelliFilter(g: Grid, level: number, dimensions: "2d" | "3d"): Grid {
  const [nx, ny, nz] = g.dims;
  const axes = dimensions === "3d" ? [nx, ny, nz] : [nx, ny];
  const scale = 2 ** (level - 1);
  const freq = (i: number, n: number) => (2 * Math.PI * (i <= n / 2 ? i : i - n)) / n;
  const psi = (w: number) => {
    const s = w * scale;
    return s > Math.PI / 4 && s <= Math.PI ? Math.cos((Math.PI / 2) * Math.log2((2 * s) / Math.PI)) : 0;
  };
  const out = new Float64Array(g.data.length);
  const slab = dimensions === "3d" ? nx * ny * nz : nx * ny;
  for (let off = 0; off < g.data.length; off += slab) {
    const re = g.data.slice(off, off + slab);
    const im = new Float64Array(slab);
    fftNd(re, im, axes, false);
    for (let p = 0; p < slab; p++) {
      const i = p % nx;
      const j = Math.floor(p / nx) % ny;
      const k = Math.floor(p / (nx * ny));
      const w = Math.hypot(freq(i, nx), freq(j, ny), dimensions === "3d" ? freq(k, nz) : 0);
      const h = psi(w);
      re[p] = re[p]! * h, im[p] = im[p]! * h;
    }
    fftNd(re, im, axes, true);
    out.set(re, off);
  }
  return { data: out, dims: g.dims };
}
