/**
 * Safe screening of the LASSO gradient pass (private): after each working-set solve only the features
 * whose gradient can reach the decision threshold are recomputed; the rest are provably below it.
 *
 * The bound: with observation weights summing to 1 and columns standardised with the weighted 1/n
 * variance (Σᵢ wᵢ x̃ᵢⱼ² = 1), the gradient gⱼ = Σᵢ x̃ᵢⱼ wᵢ (yᵢ − pᵢ) moves, between a reference
 * fit p⁰ and the current fit p, by at most
 * |gⱼ(p) − gⱼ(p⁰)| = |Σᵢ √wᵢ x̃ᵢⱼ · √wᵢ (pᵢ⁰ − pᵢ)| ≤ δ = √(Σᵢ wᵢ (pᵢ − pᵢ⁰)²)  (Cauchy–Schwarz),
 * for every feature at once. So a feature with |gⱼ(p⁰)| + δ < threshold cannot violate the KKT
 * condition nor enter the next strong set, and its exact gradient is never needed (the "safe"
 * counterpart of the strong rule, in the spirit of El Ghaoui et al. 2012 and Fercoq et al. 2015).
 * The features that can matter get the same floating-point gradient as a full pass, so the path is
 * bit-for-bit the one full passes would give. When too many features are candidates (δ has grown),
 * one full pass is made and becomes the new reference.
 *
 * @module
 */
import type { FeatureMatrix } from "./feature_matrix.ts";
import { gradientPass, gradientSubset, type Standardisation } from "./_lasso_core.ts";

/** Fraction of the features above which a full pass (and a new reference) is cheaper. */
const FULL_PASS_FRACTION = 0.1;

/** Reference gradient and fit of the bound, plus work counters. */
export interface GradientBound {
  /** |gⱼ| at the reference fit. */
  readonly refAbs: Float64Array;
  /** Probabilities at the reference fit. */
  readonly refProb: Float64Array;
  /** Candidate feature list (scratch). */
  readonly list: Int32Array;
  /** Full passes made. */
  fullPasses: number;
  /** Columns recomputed by partial passes. */
  partialColumns: number;
}

/** A bound whose reference is the gradient `g` (a full pass) at probabilities `prob`. */
export function createBound(g: Float64Array, prob: Float64Array): GradientBound {
  const refAbs = new Float64Array(g.length);
  for (let j = 0; j < g.length; j++) refAbs[j] = Math.abs(g[j]!);
  return { refAbs, refProb: prob.slice(), list: new Int32Array(g.length), fullPasses: 1, partialColumns: 0 };
}

/**
 * Bring `g` up to date at the current fit (`rho` = wᵢ(yᵢ − pᵢ), `prob` = pᵢ) wherever |gⱼ| could be
 * ≥ `threshold`; elsewhere gⱼ is set to 0 (its true value is provably below the threshold).
 * Returns how many features were recomputed, listed in `bound.list`, or −1 after a full pass.
 */
export function updateGradient(
  m: FeatureMatrix,
  st: Standardisation,
  state: { readonly w: Float64Array; readonly rho: Float64Array; readonly prob: Float64Array },
  g: Float64Array,
  bound: GradientBound,
  threshold: number,
): number {
  const { w, rho, prob } = state;
  const p = m.nCols;
  let d2 = 0;
  for (let i = 0; i < m.nRows; i++) d2 += w[i]! * (prob[i]! - bound.refProb[i]!) ** 2;
  // margin for the rounding of Σwx̃² = 1 and of the dot products (both ~1e-15 relative)
  const cut = threshold - (Math.sqrt(d2) * (1 + 1e-9) + 1e-12);
  const { refAbs, list } = bound;
  let count = 0;
  const limit = p * FULL_PASS_FRACTION;
  if (threshold > 0) {
    for (let j = 0; j < p && count <= limit; j++) if (refAbs[j]! >= cut && st.usable[j] === 1) list[count++] = j;
  }
  if (threshold <= 0 || count > limit) {
    gradientPass(m, st, rho, g);
    for (let j = 0; j < p; j++) refAbs[j] = Math.abs(g[j]!);
    bound.refProb.set(prob);
    bound.fullPasses++;
    return -1;
  }
  g.fill(0);
  gradientSubset(m, st, rho, g, list, count);
  bound.partialColumns += count;
  return count;
}
