/**
 * First-order statistics shared by the intensity-statistics (`stat_`) and intensity-histogram
 * (`ih_`) families (IBSI 1, §3.3–3.4): same definitions on raw or discretised values.
 *
 * @module
 */
import { quantileSorted } from "./_quantile.ts";

/** Statistic name (IBSI tag suffix) → value. */
export type FirstOrder = Record<string, number>;

/** Mean, variance, skewness, kurtosis, percentiles and deviations of `values`. */
export function firstOrder(values: ArrayLike<number>): FirstOrder {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i]!;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let mad = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i]! - mean;
    m2 += d * d, m3 += d * d * d, m4 += d * d * d * d, mad += Math.abs(d);
  }
  m2 /= n, m3 /= n, m4 /= n, mad /= n;
  const q = (p: number) => quantileSorted(sorted, p);
  const median = q(0.5);
  const p10 = q(0.1);
  const p90 = q(0.9);
  const p25 = q(0.25);
  const p75 = q(0.75);
  let rn = 0;
  let rmean = 0;
  for (let i = 0; i < n; i++) if (sorted[i]! >= p10 && sorted[i]! <= p90) rn++, rmean += sorted[i]!;
  rmean /= rn;
  let rmad = 0;
  let medad = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (v >= p10 && v <= p90) rmad += Math.abs(v - rmean);
    medad += Math.abs(v - median);
  }
  return {
    mean,
    var: m2,
    skew: m2 === 0 ? 0 : m3 / m2 ** 1.5,
    kurt: m2 === 0 ? 0 : m4 / (m2 * m2) - 3,
    median,
    min: sorted[0]!,
    p10,
    p90,
    max: sorted[n - 1]!,
    iqr: p75 - p25,
    range: sorted[n - 1]! - sorted[0]!,
    mad,
    rmad: rmad / rn,
    medad: medad / n,
    cov: Math.sqrt(m2) / mean,
    qcod: (p75 - p25) / (p75 + p25),
  };
}
