/**
 * The fitted logistic model for P(death) on selected features, as the saliency maps consume it.
 *
 * @module
 */

/**
 * A logistic model `P = σ(intercept + Σ β_f · (v_f − mean_f) / scale_f)` over named terms: bottleneck
 * features (`C16704`, `P15398`) and any covariates. Without `means`/`scales` a term is used as is.
 */
export interface LogisticHead {
  readonly intercept: number;
  /** Coefficient of each term, by feature (or covariate) name. */
  readonly coefficients: ReadonlyMap<string, number>;
  /** Centre of each term (missing names: 0). */
  readonly means?: ReadonlyMap<string, number>;
  /** Scale of each term, > 0 (missing names: 1). */
  readonly scales?: ReadonlyMap<string, number>;
}

/** Options of {@linkcode logisticHead}. */
export interface LogisticHeadOptions {
  /** Centres of the terms (standardisation used in the fit). @default undefined (no centring) */
  readonly means?: Readonly<Record<string, number>>;
  /** Scales of the terms. @default undefined (no scaling) */
  readonly scales?: Readonly<Record<string, number>>;
}

/**
 * Build and check a {@linkcode LogisticHead} from plain records (e.g. a fitted model's JSON).
 *
 * @param intercept the intercept (log-odds)
 * @param coefficients coefficient by term name
 * @param options centres and scales of the terms
 * @returns the head
 * @throws {RangeError} when a value is not finite, a scale is not positive, or there are no terms
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { logisticHead } from "./logistic_head.ts";
 * const head = logisticHead(-0.5, { C00012: 0.8 }, { means: { C00012: 1.5 }, scales: { C00012: 2 } });
 * assert.equal(head.coefficients.get("C00012"), 0.8);
 * ```
 */
export function logisticHead(
  intercept: number,
  coefficients: Readonly<Record<string, number>>,
  options: LogisticHeadOptions = {},
): LogisticHead {
  const entries = Object.entries(coefficients);
  if (entries.length === 0) throw new RangeError("Cannot build a logistic head: it has no terms");
  const check = (what: string, rec: Readonly<Record<string, number>>, positive: boolean) => {
    for (const [name, v] of Object.entries(rec)) {
      if (!Number.isFinite(v) || (positive && !(v > 0))) {
        throw new RangeError(`Cannot build a logistic head: ${what} of "${name}" is "${v}"`);
      }
    }
    return new Map(Object.entries(rec));
  };
  if (!Number.isFinite(intercept)) throw new RangeError(`Cannot build a logistic head: intercept is "${intercept}"`);
  const head = { intercept, coefficients: check("coefficient", coefficients, false) };
  const means = options.means ? { means: check("mean", options.means, false) } : {};
  const scales = options.scales ? { scales: check("scale", options.scales, true) } : {};
  return { ...head, ...means, ...scales };
}
