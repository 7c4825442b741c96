/** Kaplan–Meier survival estimate with Greenwood standard errors. @module */
import { checkSurvival, riskTable } from "./_survival.ts";
import { normalQuantile } from "./_special.ts";

/** Options for {@linkcode kaplanMeier}. */
export interface KaplanMeierOptions {
  /** Confidence level of the log-scale interval. @default {0.95} */
  readonly confidenceLevel?: number;
}

/** The estimate at each distinct time (censored-only times included). */
export interface KaplanMeierResult {
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  /** S(t). */
  readonly survival: Float64Array;
  /** Greenwood SE of S: S·√Σ d/(n(n−d)); NaN where S = 0. */
  readonly standardError: Float64Array;
  /** `conf.type = "log"` interval S·exp(∓z·σ) (upper capped at 1); NaN where S = 0. */
  readonly lower: Float64Array;
  /** See `lower`. */
  readonly upper: Float64Array;
  /** Median survival: smallest t with S(t) ≤ 0.5 (midpoint to the next event time when S = 0.5 exactly); NaN if never reached. */
  readonly median: number;
}

/**
 * Kaplan–Meier estimator, matching R `summary(survfit(Surv(time, event) ~ 1), censored = TRUE)`:
 * at a tie deaths come before censorings, Greenwood variance, log-scale interval.
 *
 * @param time follow-up times (≥ 0)
 * @param event 1 = event, 0 = censored
 * @param options confidence level
 * @returns the table, SEs, interval and median
 * @throws {RangeError} on unequal lengths, no subjects, bad times or event flags
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { kaplanMeier } from "./kaplan_meier.ts";
 * const km = kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]);
 * assert.deepEqual([...km.survival], [0.75, 0.5, 0]);
 * ```
 */
export function kaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: KaplanMeierOptions = {},
): KaplanMeierResult {
  checkSurvival(time, event, "estimate survival");
  const rows = Array.from({ length: time.length }, (_, i) => i);
  const t = riskTable(time, event, rows);
  const m = t.times.length;
  const z = normalQuantile(1 - (1 - (options.confidenceLevel ?? 0.95)) / 2);
  const survival = new Float64Array(m);
  const se = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  let s = 1;
  let gw = 0;
  for (let k = 0; k < m; k++) {
    const n = t.atRisk[k]!;
    const d = t.deaths[k]!;
    s *= 1 - d / n;
    if (d > 0) gw += n === d ? Infinity : d / (n * (n - d));
    survival[k] = s;
    const sigma = Math.sqrt(gw);
    se[k] = s > 0 ? s * sigma : NaN;
    lower[k] = s > 0 ? s * Math.exp(-z * sigma) : NaN;
    upper[k] = s > 0 ? Math.min(1, s * Math.exp(z * sigma)) : NaN;
  }
  let median = NaN;
  for (let k = 0; k < m; k++) {
    // R survival compares with a sqrt(machine eps) fuzz, so a product that lands on 0.5 ± 1 ulp still ties
    if (survival[k]! <= 0.5 + 1.5e-8) {
      median = t.times[k]!;
      if (Math.abs(survival[k]! - 0.5) < 1.5e-8) {
        for (let q = k + 1; q < m; q++) {
          if (t.deaths[q]! > 0) {
            median = (t.times[k]! + t.times[q]!) / 2;
            break;
          }
        }
      }
      break;
    }
  }
  return {
    time: Float64Array.from(t.times),
    nRisk: Float64Array.from(t.atRisk),
    nEvent: Float64Array.from(t.deaths),
    nCensor: Float64Array.from(t.censored),
    survival,
    standardError: se,
    lower,
    upper,
    median,
  };
}
