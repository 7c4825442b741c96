/**
 * Resample worker (private): receives the feature matrix once (a SharedArrayBuffer, not copied) and
 * a job, then runs the ranges it is sent with {@linkcode runJob}.
 *
 * @module
 */
import type { FeatureMatrix } from "../../stats/mod.ts";
import { type ResampleJob, runJob } from "./_resample_job.ts";

/** Messages from the pool. */
export type ToWorker =
  | {
    readonly type: "init";
    readonly data: SharedArrayBuffer;
    readonly nRows: number;
    readonly nCols: number;
    readonly y: Float64Array;
    readonly job: ResampleJob;
  }
  | { readonly type: "range"; readonly id: number; readonly from: number; readonly to: number };

/** Messages to the pool. */
export type FromWorker =
  | { readonly type: "done"; readonly id: number; readonly result: unknown[] }
  | { readonly type: "error"; readonly id: number; readonly message: string };

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
};
let state: { matrix: FeatureMatrix; y: Float64Array; job: ResampleJob } | undefined;

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === "init") {
    state = {
      matrix: { nRows: msg.nRows, nCols: msg.nCols, data: new Float64Array(msg.data) },
      y: msg.y,
      job: msg.job,
    };
    return;
  }
  try {
    const result = runJob(state!.matrix, state!.y, state!.job, msg.from, msg.to);
    scope.postMessage({ type: "done", id: msg.id, result });
  } catch (err) {
    scope.postMessage({ type: "error", id: msg.id, message: err instanceof Error ? err.message : String(err) });
  }
};
