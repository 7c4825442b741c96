/**
 * IBSI-2 Gabor filter: the modulus of the response to the complex 2D kernel
 * `exp(−(x̃² + γ²ỹ²)/(2σ²)) · exp(i2πx̃/λ)`, `x̃ = x cos θ + y sin θ`, `ỹ = −x sin θ + y cos θ`
 * (x, y the first two voxel axes of the plane, σ and λ in voxels), applied slice by slice in the
 * axial plane — or in the three orthogonal planes, averaged. Rotation invariance averages (or
 * takes the maximum of) the modulus over θ = 0, Δθ, … < 2π. Convolution by FFT of each padded slice.
 *
 * @module
 */
import { type Grid, type Padding, padIndex } from "./_grid.ts";
import { fft1d, fftNd, nextPow2 } from "./_fft.ts";

/** Options of {@linkcode gaborFilter}. */
export interface GaborOptions {
  /** σ of the Gaussian envelope (voxels). */
  readonly sigma: number;
  /** Wavelength (voxels). */
  readonly lambda: number;
  /** Spatial aspect ratio γ. */
  readonly gamma: number;
  /** Orientation θ (radians). */
  readonly theta: number;
  /** Rotation invariance: θ step (radians) and pooling; absent = θ only. */
  readonly rotation?: { readonly step: number; readonly pooling: "max" | "average" };
  /** Average the responses in the axial, coronal and sagittal planes. */
  readonly orthogonalPlanes: boolean;
  /** Minimum kernel half-width in σ along the envelope's longer axis. @default 3 */
  readonly truncate?: number;
  /** Boundary padding. */
  readonly padding: Padding;
}

/** Gabor response in the plane of axes (a, b) of the grid. */
function planeResponse(g: Grid, a: number, b: number, o: GaborOptions): Float64Array {
  const dims = g.dims;
  const c = 3 - a - b;
  const na = dims[a]!;
  const nb = dims[b]!;
  // Half-width: `truncate` σ along the envelope's longer axis, widened to fill the FFT size.
  const r0 = Math.ceil((o.truncate ?? 3) * o.sigma * Math.max(1, 1 / o.gamma));
  const ma = nextPow2(na + 2 * r0);
  const mb = nextPow2(nb + 2 * r0);
  const r = Math.max(r0, Math.min(Math.floor((ma - na) / 2), Math.floor((mb - nb) / 2)));
  const stride = [1, dims[0], dims[0] * dims[1]];
  const thetas: number[] = [];
  // θ + π gives the conjugate kernel, hence the same modulus on a real image: half a turn suffices.
  if (o.rotation) { for (let t = 0; t < Math.PI - 1e-9; t += o.rotation.step) thetas.push(o.theta + t); }
  else thetas.push(o.theta);
  // Kernel spectra, one per θ: kernel centred on (0, 0) with wrap-around.
  const spectra = thetas.map((theta) => {
    const re = new Float64Array(ma * mb);
    const im = new Float64Array(ma * mb);
    const cs = Math.cos(theta);
    const sn = Math.sin(theta);
    for (let y = -r; y <= r; y++) {
      for (let x = -r; x <= r; x++) {
        const xt = x * cs + y * sn;
        const yt = -x * sn + y * cs;
        const env = Math.exp(-(xt * xt + o.gamma * o.gamma * yt * yt) / (2 * o.sigma * o.sigma));
        const p = ((x + ma) % ma) + ma * ((y + mb) % mb);
        re[p] = env * Math.cos((2 * Math.PI * xt) / o.lambda);
        im[p] = env * Math.sin((2 * Math.PI * xt) / o.lambda);
      }
    }
    fftNd(re, im, [ma, mb], false);
    return { re, im };
  });
  const out = new Float64Array(g.data.length);
  const sre = new Float64Array(ma * mb);
  const sim = new Float64Array(ma * mb);
  const wre = new Float64Array(ma * mb);
  const wim = new Float64Array(ma * mb);
  const ia = Int32Array.from({ length: ma }, (_, i) => (i < na + 2 * r ? padIndex(i - r, na, o.padding) : -1));
  const ib = Int32Array.from({ length: mb }, (_, j) => (j < nb + 2 * r ? padIndex(j - r, nb, o.padding) : -1));
  const buf = new Float64Array(2 * Math.max(ma, mb));
  for (let k = 0; k < dims[c]!; k++) {
    sre.fill(0), sim.fill(0);
    for (let j = 0; j < mb; j++) {
      if (ib[j]! < 0) continue;
      for (let i = 0; i < ma; i++) {
        if (ia[i]! < 0) continue;
        sre[i + ma * j] = g.data[ia[i]! * stride[a]! + ib[j]! * stride[b]! + k * stride[c]!]!;
      }
    }
    fftNd(sre, sim, [ma, mb], false);
    const pooled = new Float64Array(na * nb).fill(o.rotation?.pooling === "max" ? -Infinity : 0);
    for (const s of spectra) {
      for (let p = 0; p < wre.length; p++) {
        wre[p] = sre[p]! * s.re[p]! - sim[p]! * s.im[p]!;
        wim[p] = sre[p]! * s.im[p]! + sim[p]! * s.re[p]!;
      }
      // Inverse transform: every column along b, then only the rows that hold output voxels.
      for (let i = 0; i < ma; i++) fft1d(wre, wim, mb, i, ma, true, buf);
      for (let j = r; j < r + nb; j++) fft1d(wre, wim, ma, j * ma, 1, true, buf);
      for (let j = 0; j < nb; j++) {
        for (let i = 0; i < na; i++) {
          const q = i + r + ma * (j + r);
          const m = Math.hypot(wre[q]!, wim[q]!);
          const t = i + na * j;
          pooled[t] = o.rotation?.pooling === "max" ? Math.max(pooled[t]!, m) : pooled[t]! + m / spectra.length;
        }
      }
    }
    for (let j = 0; j < nb; j++) {
      for (let i = 0; i < na; i++) out[i * stride[a]! + j * stride[b]! + k * stride[c]!] = pooled[i + na * j]!;
    }
  }
  return out;
}

/**
 * Gabor filter response map.
 *
 * @param g image
 * @param o kernel, rotation invariance, planes, padding
 * @returns response map (modulus)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { gaborFilter } from "./gabor_filter.ts";
 * const data = new Float64Array(8 * 8 * 1);
 * data[27] = 1;
 * const opts = { sigma: 1, lambda: 2, gamma: 1, theta: 0, orthogonalPlanes: false, padding: "constant" } as const;
 * const r = gaborFilter({ data, dims: [8, 8, 1] }, opts);
 * assert.ok(Math.abs(r.data[27]! - 1) < 1e-9);
 * ```
 */
export function gaborFilter(g: Grid, o: GaborOptions): Grid {
  if (!o.orthogonalPlanes) return { data: planeResponse(g, 0, 1, o), dims: g.dims };
  const sum = new Float64Array(g.data.length);
  for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) {
    const r = planeResponse(g, a, b, o);
    for (let p = 0; p < sum.length; p++) sum[p] = sum[p]! + r[p]! / 3;
  }
  return { data: sum, dims: g.dims };
}
