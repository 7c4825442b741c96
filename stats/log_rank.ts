/** Log-rank test between two groups. @module */
import { checkSurvival, riskTable } from "./_survival.ts";
import { chiSquareUpper } from "./_special.ts";

/** Result of {@linkcode logRank}; group A is `group == 1`, group B is `group == 0`. */
export interface LogRankResult {
  /** χ² = (O_A − E_A)²/V_A. */
  readonly statistic: number;
  /** 1. */
  readonly df: number;
  /** Upper-tail p-value. */
  readonly pValue: number;
  /** Observed events `[A, B]`. */
  readonly observed: readonly [number, number];
  /** Expected events `[A, B]`. */
  readonly expected: readonly [number, number];
  /** Hypergeometric variance of O_A − E_A. */
  readonly variance: number;
}

/**
 * Two-group log-rank test, matching R `survdiff(Surv(time, event) ~ group, rho = 0)`.
 *
 * @param time follow-up times
 * @param options `event` (0/1) and `group` (1 = A, 0 = B) per subject
 * @returns χ², df, p, observed/expected counts and variance
 * @throws {RangeError} on bad inputs or an empty group
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { logRank } from "./log_rank.ts";
 * const r = logRank([1, 2, 3, 4, 5, 6], { event: [1, 1, 1, 1, 1, 1], group: [1, 1, 1, 0, 0, 0] });
 * assert.deepEqual(r.observed, [3, 3]);
 * assert.ok(r.pValue < 0.1);
 * ```
 */
export function logRank(
  time: ArrayLike<number>,
  options: { readonly event: ArrayLike<number>; readonly group: ArrayLike<number> },
): LogRankResult {
  const { event, group } = options;
  checkSurvival(time, event, "run a log-rank test");
  if (group.length !== time.length) {
    throw new RangeError(`Cannot run a log-rank test: ${group.length} group flags for ${time.length} times`);
  }
  const all = Array.from({ length: time.length }, (_, i) => i);
  const a = all.filter((i) => group[i] === 1);
  if (a.length === 0 || a.length === all.length) throw new RangeError("Cannot run a log-rank test: a group is empty");
  const t = riskTable(time, event, all);
  const ta = riskTable(time, event, a);
  let oA = 0;
  let eA = 0;
  let v = 0;
  let oAll = 0;
  let ka = 0;
  let nA = a.length;
  for (let k = 0; k < t.times.length; k++) {
    while (ka < ta.times.length && ta.times[ka]! < t.times[k]!) {
      nA -= ta.deaths[ka]! + ta.censored[ka]!;
      ka++;
    }
    const dA = ka < ta.times.length && ta.times[ka] === t.times[k] ? ta.deaths[ka]! : 0;
    const n = t.atRisk[k]!;
    const d = t.deaths[k]!;
    oA += dA;
    oAll += d;
    eA += d * nA / n;
    if (n > 1) v += d * (nA / n) * (1 - nA / n) * (n - d) / (n - 1);
  }
  const statistic = (oA - eA) ** 2 / v;
  return {
    statistic,
    df: 1,
    pValue: chiSquareUpper(statistic, 1),
    observed: [oA, oAll - oA],
    expected: [eA, oAll - eA],
    variance: v,
  };
}
