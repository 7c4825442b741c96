/** Landmark binarisation of a survival outcome at a horizon. @module */

/** Options for {@linkcode binaryEndpoint}. */
export interface BinaryEndpointOptions {
  /** Horizon in the unit of `time` (months in deepmarker's cohorts), e.g. 24 for 2-year OS. */
  readonly horizon: number;
}

/** The binarised endpoint and its counts. */
export interface BinaryEndpoint {
  /** Per subject: 1 = event at or before the horizon, 0 = followed past it event-free, NaN = excluded. */
  readonly labels: Float64Array;
  /** Indices of the subjects kept (label 0 or 1), ascending. */
  readonly included: Uint32Array;
  /** Subjects with label 1. */
  readonly nEvent: number;
  /** Subjects with label 0. */
  readonly nNoEvent: number;
  /** Subjects censored before the horizon (unknown status), excluded. */
  readonly nExcluded: number;
}

/**
 * Binarise (time, event) at a horizon: an event at `time <= horizon` is 1; `time > horizon` without
 * an event before it is 0 (an event after the horizon also counts as 0); censoring at or before the
 * horizon is excluded (NaN). This is the paper's 2- and 5-year OS/DSS definition.
 *
 * @param time follow-up times (finite, ≥ 0)
 * @param event event indicators, 1 = event, 0 = censored
 * @param options the horizon
 * @returns labels (NaN = excluded), kept indices and counts
 * @throws {RangeError} on unequal lengths, a non-finite or negative time, an event not 0/1, or a bad horizon
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryEndpoint } from "./binary_endpoint.ts";
 * const e = binaryEndpoint([10, 30, 12, 40], [1, 1, 0, 0], { horizon: 24 });
 * assert.deepEqual([...e.labels], [1, 0, NaN, 0]);
 * assert.deepEqual([e.nEvent, e.nNoEvent, e.nExcluded], [1, 2, 1]);
 * ```
 */
export function binaryEndpoint(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: BinaryEndpointOptions,
): BinaryEndpoint {
  const { horizon } = options;
  if (!(Number.isFinite(horizon) && horizon > 0)) {
    throw new RangeError(`Cannot binarise an endpoint: horizon must be a positive number, got ${horizon}`);
  }
  if (time.length !== event.length) {
    throw new RangeError(`Cannot binarise an endpoint: ${time.length} times but ${event.length} event flags`);
  }
  const n = time.length;
  const labels = new Float64Array(n);
  const kept: number[] = [];
  let nEvent = 0;
  let nNoEvent = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    const e = event[i]!;
    if (!(Number.isFinite(t) && t >= 0)) {
      throw new RangeError(`Cannot binarise an endpoint: time ${i} is "${t}", expected a finite number ≥ 0`);
    }
    if (e !== 0 && e !== 1) throw new RangeError(`Cannot binarise an endpoint: event ${i} is "${e}", expected 0 or 1`);
    if (t <= horizon && e === 1) {
      labels[i] = 1;
      nEvent++;
      kept.push(i);
    } else if (t > horizon) {
      labels[i] = 0;
      nNoEvent++;
      kept.push(i);
    } else labels[i] = NaN;
  }
  return { labels, included: Uint32Array.from(kept), nEvent, nNoEvent, nExcluded: n - kept.length };
}
