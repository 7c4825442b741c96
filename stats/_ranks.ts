/** Mid-ranks with tie bookkeeping (shared by Mann–Whitney and ROC code). @module */
import { normalUpper } from "./_special.ts";

/** 1-based mid-ranks of `values` and Σ(t³ − t) over tie groups. `order` is scratch of the same length. */
export function midRanks(values: ArrayLike<number>, ranks: Float64Array, order: Uint32Array): number {
  const n = values.length;
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((p, q) => values[p]! - values[q]!);
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = values[order[i]!]!;
    while (j < n && values[order[j]!]! === v) j++;
    const r = (i + j + 1) / 2;
    for (let k = i; k < j; k++) ranks[order[k]!] = r;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  return tieTerm;
}

/** Shared core: U and p from a pooled vector where the first `na` entries are sample a. */
export function mannWhitneyPooled(
  pooled: ArrayLike<number>,
  na: number,
  ranks: Float64Array,
  order: Uint32Array,
): { statistic: number; pValue: number } {
  const n = pooled.length;
  const nb = n - na;
  const tieTerm = midRanks(pooled, ranks, order);
  let rankSum = 0;
  for (let i = 0; i < na; i++) rankSum += ranks[i]!;
  const u = rankSum - na * (na + 1) / 2;
  const mu = na * nb / 2;
  const sigma = Math.sqrt(na * nb / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return { statistic: u, pValue: NaN };
  const z = (Math.abs(u - mu) - 0.5) / sigma;
  return { statistic: u, pValue: Math.min(1, 2 * normalUpper(z)) };
}
