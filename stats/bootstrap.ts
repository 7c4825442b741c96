/** Generic nonparametric bootstrap with percentile intervals. @module */
import type { Rng } from "./random.ts";
import { quantileSorted, resampleCounts } from "./_resample.ts";

/** Options for {@linkcode bootstrap}. */
export interface BootstrapOptions {
  /** Number of subjects (rows) resampled. */
  readonly n: number;
  /** Seeded generator. */
  readonly rng: Rng;
  /** Number of resamples B. @default {1000} */
  readonly resamples?: number;
  /** Percentile-interval level. @default {0.95} */
  readonly confidenceLevel?: number;
}

/** Per component of the statistic: mean over resamples and percentile interval. */
export interface BootstrapResult {
  /** Values, `values[b * m + c]` for resample b and component c (NaN = resample skipped). */
  readonly values: Float64Array;
  /** Mean of each component over the finite resamples. */
  readonly mean: Float64Array;
  /** Lower percentile bound of each component (R `quantile` type 7). */
  readonly lower: Float64Array;
  /** Upper percentile bound of each component. */
  readonly upper: Float64Array;
  /** Resamples per component whose value was NaN (e.g. a single-class resample), left out. */
  readonly skipped: Uint32Array;
}

/**
 * Nonparametric bootstrap of a vector statistic. Each resample draws n rows with replacement and
 * hands the statistic the per-row counts (a weight vector; 0 = out of bag), so no data are copied.
 * The statistic returns m numbers (or one); a NaN marks that component of that resample as
 * unusable and it is counted in `skipped`.
 *
 * @param statistic called as `statistic(counts, b)`; returns a number or m numbers
 * @param options n, rng, B, level
 * @returns per-component mean and percentile interval, plus every value
 * @throws {RangeError} on n < 1, B < 1 or a level outside (0, 1)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootstrap, createRng } from "./mod.ts";
 * const x = [1, 2, 3, 4, 5, 6, 7, 8];
 * const mean = (w: Float64Array) => x.reduce((s, v, i) => s + w[i]! * v, 0) / x.length;
 * const r = bootstrap(mean, { n: x.length, rng: createRng(7), resamples: 200 });
 * assert.ok(r.lower[0]! < 4.5 && 4.5 < r.upper[0]!);
 * ```
 */
export function bootstrap(
  statistic: (counts: Float64Array, b: number) => number | ArrayLike<number>,
  options: BootstrapOptions,
): BootstrapResult {
  const { n, rng } = options;
  const B = options.resamples ?? 1000;
  const level = options.confidenceLevel ?? 0.95;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`Cannot bootstrap: n is "${n}", expected an integer ≥ 1`);
  if (!(Number.isInteger(B) && B >= 1)) throw new RangeError(`Cannot bootstrap: resamples is "${B}"`);
  if (!(level > 0 && level < 1)) throw new RangeError(`Cannot bootstrap: level is "${level}", expected (0, 1)`);
  const rows = Uint32Array.from({ length: n }, (_, i) => i);
  let values = new Float64Array(0);
  let m = -1;
  for (let b = 0; b < B; b++) {
    const v = statistic(resampleCounts(n, rows, rng), b);
    const arr = typeof v === "number" ? [v] : v;
    if (m === -1) {
      m = arr.length;
      values = new Float64Array(B * m);
    } else if (arr.length !== m) {
      throw new RangeError(`Cannot bootstrap: resample ${b} gave ${arr.length} values, expected ${m}`);
    }
    for (let c = 0; c < m; c++) values[b * m + c] = arr[c]!;
  }
  const mean = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  const skipped = new Uint32Array(m);
  for (let c = 0; c < m; c++) {
    const col: number[] = [];
    for (let b = 0; b < B; b++) {
      const v = values[b * m + c]!;
      if (Number.isNaN(v)) skipped[c] = skipped[c]! + 1;
      else col.push(v);
    }
    col.sort((a, b) => a - b);
    mean[c] = col.length === 0 ? NaN : col.reduce((s, v) => s + v, 0) / col.length;
    lower[c] = quantileSorted(col, (1 - level) / 2);
    upper[c] = quantileSorted(col, 1 - (1 - level) / 2);
  }
  return { values, mean, lower, upper, skipped };
}
