/**
 * Run a resampling job over a pool of workers (private). The range [0, size) is cut into chunks that
 * idle workers take in turn; results are put back in resample order, and every resample draws its
 * own randomness (see `inclusionResamples`, `evaluationSplits`), so the output does not depend on the
 * number of workers or on which worker ran what.
 *
 * @module
 */
import type { FeatureMatrix } from "../../stats/mod.ts";
import { jobSize, type ResampleJob, runJob } from "./_resample_job.ts";
import type { FromWorker, ToWorker } from "./_resample_worker.ts";

/** Chunks per worker: small enough to balance uneven fits, large enough to keep messages rare. */
const CHUNKS_PER_WORKER = 8;

/** Below this many feature × resample units a job runs in this thread: starting workers costs more. */
const MIN_PARALLEL_WORK = 2_000_000;

/** Default worker count: one per core for big jobs, this thread for small ones. */
function defaultWorkers(matrix: FeatureMatrix, size: number): number {
  return matrix.nCols * size < MIN_PARALLEL_WORK ? 1 : Math.max(1, navigator.hardwareConcurrency || 1);
}

/** All results of `job`, in resample order; one worker runs in this thread. */
export async function runResampleJob<R>(
  matrix: FeatureMatrix,
  y: ArrayLike<number>,
  job: ResampleJob,
  options: { readonly workers?: number; readonly onChunk?: (from: number, to: number) => void },
): Promise<R[]> {
  const size = jobSize(job);
  const asked = options.workers ?? defaultWorkers(matrix, size);
  if (!(Number.isInteger(asked) && asked >= 1)) {
    throw new RangeError(`Cannot run resamples in parallel: workers is "${asked}", expected an integer ≥ 1`);
  }
  const workers = Math.min(asked, size);
  const chunk = Math.max(1, Math.ceil(size / (workers * CHUNKS_PER_WORKER)));
  const ranges: Array<[number, number]> = [];
  for (let from = 0; from < size; from += chunk) ranges.push([from, Math.min(size, from + chunk)]);
  if (workers <= 1) {
    // in chunks too, so progress moves (each chunk replays the earlier draws: one integer per patient)
    return ranges.flatMap(([from, to]) => {
      const out = runJob(matrix, y, job, from, to) as R[];
      options.onChunk?.(from, to);
      return out;
    });
  }
  const shared = sharedCopy(matrix.data);
  const yy = Float64Array.from(y);
  const results: R[][] = new Array(ranges.length);
  const pool = Array.from(
    { length: workers },
    () => new Worker(new URL("./_resample_worker.ts", import.meta.url).href, { type: "module" }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let finished = 0;
      const give = (w: Worker) => {
        if (next >= ranges.length) return;
        const [from, to] = ranges[next]!;
        w.postMessage({ type: "range", id: next++, from, to } satisfies ToWorker);
      };
      for (const w of pool) {
        w.onmessage = (e: MessageEvent<FromWorker>) => {
          const msg = e.data;
          if (msg.type === "error") return reject(new RangeError(msg.message));
          results[msg.id] = msg.result as R[];
          options.onChunk?.(...ranges[msg.id]!);
          if (++finished === ranges.length) return resolve();
          give(w);
        };
        w.onerror = (e) => {
          e.preventDefault();
          reject(new Error(`A resample worker failed: ${e.message}`));
        };
        const init: ToWorker = { type: "init", data: shared, nRows: matrix.nRows, nCols: matrix.nCols, y: yy, job };
        w.postMessage(init);
        give(w);
      }
    });
  } finally {
    for (const w of pool) w.terminate();
  }
  return results.flat();
}

function sharedCopy(data: Float64Array): SharedArrayBuffer {
  if (data.buffer instanceof SharedArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) {
    return data.buffer;
  }
  const shared = new SharedArrayBuffer(data.byteLength);
  new Float64Array(shared).set(data);
  return shared;
}
