/**
 * The learning-rate schedule of U-Net training, as a pure function of the step.
 *
 * @module
 */

/** Options of {@linkcode lrAt}. */
export interface LrAtOptions {
  /** Peak learning rate. @default 1e-3 */
  readonly base?: number;
  /** Linear warm-up from `base/warmupSteps` to `base` over these steps. @default 0 */
  readonly warmupSteps?: number;
  /** Steps of the whole run; cosine decay reaches `base·minFactor` at this step. @default Infinity (constant) */
  readonly totalSteps?: number;
  /** Floor of the decay as a fraction of `base`. @default 0.01 */
  readonly minFactor?: number;
}

/**
 * Learning rate at optimiser step `step` (0-based): linear warm-up, then cosine decay to a floor.
 *
 * @param step 0-based update index
 * @param options peak, warm-up, length and floor
 * @returns the learning rate
 * @throws {RangeError} when `step` is negative or not an integer
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lrAt } from "./lr_at.ts";
 * assert.equal(lrAt(0, { base: 1e-3, warmupSteps: 4 }), 2.5e-4);
 * assert.equal(lrAt(10, { base: 1e-3, totalSteps: 10, minFactor: 0.5 }), 5e-4);
 * assert.equal(lrAt(5, { base: 1e-3 }), 1e-3);
 * ```
 */
export function lrAt(step: number, options: LrAtOptions = {}): number {
  if (!Number.isInteger(step) || step < 0) {
    throw new RangeError(`Cannot compute learning rate: step must be a non-negative integer, got "${step}"`);
  }
  const base = options.base ?? 1e-3;
  const warmup = options.warmupSteps ?? 0;
  const total = options.totalSteps ?? Infinity;
  const floor = base * (options.minFactor ?? 0.01);
  if (step < warmup) return base * (step + 1) / warmup;
  if (!Number.isFinite(total)) return base;
  const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  return floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}
