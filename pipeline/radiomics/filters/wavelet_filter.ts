/**
 * IBSI-2 separable wavelets, undecimated (stationary, à trous): at level j the decomposition
 * filters are dilated by 2^(j−1) and applied to the low-pass (all-L) response of level j − 1.
 * A decomposition path such as `LHL` names the filter per axis (x, y, z); `LH` is 2D (in-plane).
 * Filter coefficients are PyWavelets' decomposition filters.
 *
 * @module
 */
import { DeepmarkerError } from "../../errors.ts";
import { correlateAxis, type Grid, type Padding } from "./_grid.ts";

/** Decomposition low-pass filters (PyWavelets `dec_lo`). */
const LOW_PASS: Record<string, number[]> = {
  haar: [Math.SQRT1_2, Math.SQRT1_2],
  db1: [Math.SQRT1_2, Math.SQRT1_2],
  db2: [1 - Math.sqrt(3), 3 - Math.sqrt(3), 3 + Math.sqrt(3), 1 + Math.sqrt(3)].map((v) => v / (4 * Math.SQRT2)),
  db3: [
    0.03522629188570953,
    -0.08544127388202666,
    -0.13501102001025458,
    0.45987750211849154,
    0.8068915093110925,
    0.33267055295008263,
  ],
  db4: [
    -0.010597401784997278,
    0.032883011666982945,
    0.030841381835986965,
    -0.18703481171888114,
    -0.02798376941698385,
    0.6308807679295904,
    0.7148465705525415,
    0.23037781330885523,
  ],
  coif1: [
    -0.015655728135791993,
    -0.07273261951252645,
    0.3848648468648578,
    0.8525720202116004,
    0.3378976624574818,
    -0.07273261951252645,
  ],
};

/** Wavelet names known to {@linkcode waveletFilter}. */
export const WAVELETS: readonly string[] = Object.keys(LOW_PASS);

/**
 * The decomposition filters of a wavelet: low-pass and high-pass (`hi[k] = (−1)^(k+1) lo[N−1−k]`).
 *
 * @param name `haar`, `db2`, `coif1`, …
 * @returns `{ low, high }`
 * @throws {DeepmarkerError} on an unknown name
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { waveletFilters } from "./wavelet_filter.ts";
 * const { high } = waveletFilters("haar");
 * assert.ok(high[0]! < 0 && high[1]! > 0);
 * ```
 */
export function waveletFilters(name: string): { low: number[]; high: number[] } {
  const low = LOW_PASS[name];
  if (!low) throw new DeepmarkerError(`Cannot use wavelet "${name}": expected one of ${WAVELETS.join(", ")}`);
  const n = low.length;
  return { low, high: low.map((_, k) => (k % 2 ? 1 : -1) * low[n - 1 - k]!) };
}

/** Options of {@linkcode waveletFilter}. */
export interface WaveletOptions {
  /** Wavelet name. */
  readonly wavelet: string;
  /** Filter per axis, x first: `LHL` (3D) or `HL` (2D). */
  readonly path: string;
  /** Decomposition level ≥ 1. */
  readonly level: number;
  /** Boundary padding. */
  readonly padding: Padding;
}

/**
 * Response map of one undecimated wavelet sub-band. The filters are applied as convolutions
 * (reversed kernels), the output aligned on the filter's centre `⌊N/2⌋`.
 *
 * @param g image
 * @param o wavelet, path, level, padding
 * @returns response map
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { waveletFilter } from "./wavelet_filter.ts";
 * const g = { data: new Float64Array(64).fill(1), dims: [4, 4, 4] as const };
 * const r = waveletFilter(g, { wavelet: "haar", path: "LLL", level: 1, padding: "periodic" });
 * assert.ok(Math.abs(r.data[0]! - 2 ** 1.5) < 1e-12);
 * ```
 */
export function waveletFilter(g: Grid, o: WaveletOptions): Grid {
  const { low, high } = waveletFilters(o.wavelet);
  if (!/^[LH]{2,3}$/.test(o.path)) {
    throw new DeepmarkerError(`Cannot use wavelet path "${o.path}": expected 2 or 3 of L/H, e.g. LHL`);
  }
  const axes = o.path.length;
  let cur = g;
  const band = (img: Grid, path: string, step: number): Grid => {
    let r = img;
    for (let a = 0; a < axes; a++) {
      const k = [...(path[a] === "L" ? low : high)].reverse();
      r = correlateAxis(r, a as 0 | 1 | 2, k, Math.floor((k.length - 1) / 2), o.padding, step);
    }
    return r;
  };
  for (let j = 1; j < o.level; j++) cur = band(cur, "L".repeat(axes), 2 ** (j - 1));
  return band(cur, o.path, 2 ** (o.level - 1));
}
