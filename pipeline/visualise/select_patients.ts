/**
 * The default patients to explain: those with the highest and the lowest predicted risk.
 *
 * @module
 */

/** Options of {@linkcode selectPatients}. */
export interface SelectPatientsOptions {
  /** Patients taken at each end. @default 1 */
  readonly perEnd?: number;
}

/** Result of {@linkcode selectPatients}. */
export interface SelectedPatients {
  /** Highest risk first. */
  readonly highest: readonly string[];
  /** Lowest risk first. */
  readonly lowest: readonly string[];
}

/**
 * Pick the patients with the highest and lowest predicted risk (ties broken by id); with fewer
 * than `2 · perEnd` patients the two lists share none and split what there is.
 *
 * @param ids patient ids
 * @param risks predicted risk of each patient, in the order of `ids`
 * @param options how many at each end
 * @returns the ids at both ends
 * @throws {RangeError} when lengths differ or a risk is NaN
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectPatients } from "./select_patients.ts";
 * const s = selectPatients(["a", "b", "c", "d"], [0.2, 0.9, 0.1, 0.5], { perEnd: 1 });
 * assert.deepEqual(s, { highest: ["b"], lowest: ["c"] });
 * ```
 */
export function selectPatients(
  ids: readonly string[],
  risks: ArrayLike<number>,
  options: SelectPatientsOptions = {},
): SelectedPatients {
  if (ids.length !== risks.length) {
    throw new RangeError(`Cannot select patients: ${ids.length} ids but ${risks.length} risks`);
  }
  const order = ids.map((id, i) => ({ id, r: risks[i]! }));
  if (order.some((o) => Number.isNaN(o.r))) throw new RangeError("Cannot select patients: a risk is NaN");
  order.sort((a, b) => b.r - a.r || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const k = Math.min(options.perEnd ?? 1, Math.floor(order.length / 2) || order.length);
  const highest = order.slice(0, k).map((o) => o.id);
  const lowest = order.slice(Math.max(k, order.length - k)).reverse().map((o) => o.id);
  return { highest, lowest };
}
