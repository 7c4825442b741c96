/** Cox proportional-hazards regression on one covariate (Efron or Breslow ties). @module */
import { checkSurvival } from "./_survival.ts";
import { chiSquareUpper, normalQuantile, normalUpper } from "./_special.ts";

/** Options for {@linkcode coxRegression}. */
export interface CoxRegressionOptions {
  /** The covariate per subject (e.g. a signature score). */
  readonly covariate: ArrayLike<number>;
  /** Tie handling. @default {"efron"} */
  readonly ties?: "efron" | "breslow";
  /** Confidence level of the hazard-ratio interval. @default {0.95} */
  readonly confidenceLevel?: number;
}

/** A fitted one-covariate Cox model. */
export interface CoxRegressionResult {
  /** log hazard ratio per unit of the covariate. */
  readonly estimate: number;
  /** SE from the inverse observed information. */
  readonly standardError: number;
  /** Wald z. */
  readonly statistic: number;
  /** Two-sided Wald p. */
  readonly pValue: number;
  /** exp(estimate). */
  readonly hazardRatio: number;
  /** Interval of the hazard ratio. */
  readonly ci: readonly [number, number];
  /** Partial log-likelihood at 0 and at the estimate. */
  readonly logLikelihood: readonly [number, number];
  /** Likelihood-ratio, Wald and score tests (χ², 1 df) and the LR and score p-values. */
  readonly tests: {
    readonly lr: number;
    readonly lrP: number;
    readonly wald: number;
    readonly score: number;
    readonly scoreP: number;
  };
  /** Newton iterations. */
  readonly iterations: number;
}

/**
 * Cox PH partial-likelihood fit by Newton–Raphson, matching R `coxph(Surv(time, event) ~ x,
 * ties = "efron")` (or `"breslow"`). Degenerate case: no events or a constant covariate → NaN fields.
 *
 * @param time follow-up times
 * @param event 1 = event, 0 = censored
 * @param options covariate, ties, level
 * @returns coefficient, SE, tests, hazard ratio and interval
 * @throws {RangeError} on bad inputs or a non-finite covariate
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { coxRegression } from "./cox_regression.ts";
 * const r = coxRegression([5, 8, 2, 9, 4, 7], [1, 1, 1, 0, 1, 1], { covariate: [1, 0, 3, 0, 1, 2] });
 * assert.ok(r.estimate > 0);
 * ```
 */
export function coxRegression(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: CoxRegressionOptions,
): CoxRegressionResult {
  checkSurvival(time, event, "fit a Cox model");
  const x = options.covariate;
  const n = time.length;
  if (x.length !== n) throw new RangeError(`Cannot fit a Cox model: ${x.length} covariate values for ${n} times`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(`Cannot fit a Cox model: covariate ${i} is "${x[i]}"`);
  }
  const efron = (options.ties ?? "efron") === "efron";
  const eventTimes = [
    ...new Set(Array.from({ length: n }, (_, i) => i).filter((i) => event[i] === 1).map((i) => time[i]!)),
  ];
  const partial = (beta: number) => {
    let ll = 0;
    let u = 0;
    let info = 0;
    for (const t of eventTimes) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d = 0;
      let sx = 0;
      for (let i = 0; i < n; i++) {
        if (time[i]! < t) continue;
        const r = Math.exp(beta * x[i]!);
        s0 += r;
        s1 += r * x[i]!;
        s2 += r * x[i]! * x[i]!;
        if (time[i] === t && event[i] === 1) {
          d0 += r;
          d1 += r * x[i]!;
          d2 += r * x[i]! * x[i]!;
          d++;
          sx += x[i]!;
        }
      }
      ll += beta * sx;
      u += sx;
      for (let l = 0; l < d; l++) {
        const f = efron ? l / d : 0;
        const a0 = s0 - f * d0;
        const a1 = s1 - f * d1;
        const a2 = s2 - f * d2;
        ll -= Math.log(a0);
        u -= a1 / a0;
        info += a2 / a0 - (a1 / a0) ** 2;
      }
    }
    return { ll, u, info };
  };
  const at0 = partial(0);
  let beta = 0;
  let cur = at0;
  let iterations = 0;
  for (let it = 1; it <= 100; it++) {
    iterations = it;
    let step = cur.u / cur.info;
    let next = partial(beta + step);
    while (next.ll < cur.ll && Math.abs(step) > 1e-12) {
      step /= 2;
      next = partial(beta + step);
    }
    beta += step;
    const done = Math.abs(1 - cur.ll / next.ll) < 1e-13;
    cur = next;
    if (done) break;
  }
  const se = 1 / Math.sqrt(cur.info);
  const z = beta / se;
  const zq = normalQuantile(1 - (1 - (options.confidenceLevel ?? 0.95)) / 2);
  const lr = 2 * (cur.ll - at0.ll);
  const score = at0.u * at0.u / at0.info;
  return {
    estimate: beta,
    standardError: se,
    statistic: z,
    pValue: 2 * normalUpper(Math.abs(z)),
    hazardRatio: Math.exp(beta),
    ci: [Math.exp(beta - zq * se), Math.exp(beta + zq * se)],
    logLikelihood: [at0.ll, cur.ll],
    tests: { lr, lrP: chiSquareUpper(lr, 1), wald: z * z, score, scoreP: chiSquareUpper(score, 1) },
    iterations,
  };
}
