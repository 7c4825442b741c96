/** Harrell's concordance index. @module */
import { checkSurvival } from "./_survival.ts";

/** Result of {@linkcode harrellC}. */
export interface HarrellCResult {
  /** C = (concordant + tiedX/2) / (concordant + discordant + tiedX); NaN with no comparable pair. */
  readonly estimate: number;
  readonly concordant: number;
  readonly discordant: number;
  /** Comparable pairs with equal risk scores. */
  readonly tiedX: number;
  /** Pairs with events at the same time (not comparable). */
  readonly tiedY: number;
}

/**
 * Harrell's C for a risk score (higher = higher risk), matching R `concordance(Surv(time, event) ~
 * x, reverse = TRUE)`: pair (i, j) is comparable when i has an event and tⱼ > tᵢ, or tⱼ = tᵢ with j
 * censored. O(n²).
 *
 * @param time follow-up times
 * @param options `event` (0/1) and `risk` score per subject
 * @returns C and the pair counts
 * @throws {RangeError} on bad inputs or a non-finite risk
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { harrellC } from "./harrell_c.ts";
 * assert.equal(harrellC([1, 2, 3], { event: [1, 1, 0], risk: [3, 2, 1] }).estimate, 1);
 * ```
 */
export function harrellC(
  time: ArrayLike<number>,
  options: { readonly event: ArrayLike<number>; readonly risk: ArrayLike<number> },
): HarrellCResult {
  const { event, risk } = options;
  checkSurvival(time, event, "compute a concordance");
  if (risk.length !== time.length) {
    throw new RangeError(`Cannot compute a concordance: ${risk.length} scores for ${time.length} times`);
  }
  for (let i = 0; i < risk.length; i++) {
    if (!Number.isFinite(risk[i]!)) throw new RangeError(`Cannot compute a concordance: risk ${i} is "${risk[i]}"`);
  }
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < time.length; i++) {
    if (event[i] !== 1) continue;
    for (let j = 0; j < time.length; j++) {
      if (j === i) continue;
      const later = time[j]! > time[i]!;
      const sameCensored = time[j] === time[i] && event[j] === 0;
      if (time[j] === time[i] && event[j] === 1) {
        if (j > i) tiedY++;
        continue;
      }
      if (!later && !sameCensored) continue;
      if (risk[i]! > risk[j]!) concordant++;
      else if (risk[i]! < risk[j]!) discordant++;
      else tiedX++;
    }
  }
  const total = concordant + discordant + tiedX;
  return { estimate: total === 0 ? NaN : (concordant + tiedX / 2) / total, concordant, discordant, tiedX, tiedY };
}
