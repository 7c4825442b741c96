/**
 * Kaplan–Meier figure preparation: step-function points from stored curve points.
 *
 * @module
 */

import type { KmRow } from "./report_data.ts";

/** A vertex of a Kaplan–Meier staircase. */
export interface KmStep {
  readonly endpoint: string;
  readonly group: string;
  /** Time in months. */
  readonly time: number;
  readonly survival: number;
  readonly lower: number;
  readonly upper: number;
}

/** Patients per curve (`nRisk` at the first time point). */
export interface KmGroupSize {
  readonly endpoint: string;
  readonly group: string;
  readonly n: number;
}

/** Result of {@linkcode kmSteps}. */
export interface KmStepsResult {
  readonly steps: readonly KmStep[];
  readonly groups: readonly KmGroupSize[];
}

/**
 * Turn Kaplan–Meier points (survival just after each time) into staircase vertices: before each
 * drop the previous level is repeated at the new time, so a plain line mark draws the step
 * function. A curve that does not start at time 0 gets a start at (0, 1, 1, 1).
 *
 * @param rows stored KM points, any order
 * @returns vertices per (endpoint, group) in first-seen order, and group sizes
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { kmSteps } from "./km_steps.ts";
 * const pt = (time: number, survival: number) =>
 *   ({ endpoint: "os", group: "all", time, survival, lower: survival, upper: survival, nRisk: 10 });
 * const { steps } = kmSteps([pt(0, 1), pt(10, 0.5)]);
 * assert.deepEqual(steps.map((s) => [s.time, s.survival]), [[0, 1], [10, 1], [10, 0.5]]);
 * ```
 */
export function kmSteps(rows: readonly KmRow[]): KmStepsResult {
  const curves = new Map<string, KmRow[]>();
  for (const r of rows) {
    const key = `${r.endpoint}\u0000${r.group}`;
    const list = curves.get(key) ?? [];
    list.push(r);
    curves.set(key, list);
  }
  const steps: KmStep[] = [];
  const groups: KmGroupSize[] = [];
  for (const list of curves.values()) {
    list.sort((a, b) => a.time - b.time);
    const first = list[0]!;
    const { endpoint, group } = first;
    groups.push({ endpoint, group, n: first.nRisk });
    let prev = { survival: 1, lower: 1, upper: 1 };
    if (first.time > 0) steps.push({ endpoint, group, time: 0, ...prev });
    list.forEach((r, i) => {
      if (i > 0 || r.time > 0) steps.push({ endpoint, group, time: r.time, ...prev });
      prev = { survival: r.survival, lower: r.lower, upper: r.upper };
      steps.push({ endpoint, group, time: r.time, ...prev });
    });
  }
  return { steps, groups };
}
