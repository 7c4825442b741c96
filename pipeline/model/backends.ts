/**
 * The tfjs backend ladder for training: the first usable rung wins, in this order —
 * `tfjs-node-gpu` → `tfjs-node` → `webgpu` (a real adapter only) → `cpu+blas` (our BLAS conv kernels
 * on the cpu backend, `pipeline/model/blas/`) → `wasm` → `cpu`. A spec or `--backend` can pin one;
 * a pinned rung that is unusable fails with {@linkcode BackendUnavailableError}.
 *
 * tfjs-node(-gpu) is never a dependency (its install downloads libtensorflow). A user with CUDA
 * enables it once with
 * `deno add npm:@tensorflow/tfjs-node-gpu@4.22.0 && deno install --allow-scripts=npm:@tensorflow/tfjs-node-gpu`
 * (or `tfjs-node` for the CPU build); the ladder then finds it by dynamic import.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import { BackendUnavailableError } from "../errors.ts";
import { realWebGpuAdapter } from "./real_webgpu_adapter.ts";

/** A rung of the ladder. */
export type BackendName = "tfjs-node-gpu" | "tfjs-node" | "webgpu" | "cpu+blas" | "wasm" | "cpu";

/** The ladder, fastest first. */
export const backendLadder: readonly BackendName[] = [
  "tfjs-node-gpu",
  "tfjs-node",
  "webgpu",
  "cpu+blas",
  "wasm",
  "cpu",
];

/** What was tried on one rung. */
export interface BackendProbe {
  readonly name: BackendName;
  readonly ok: boolean;
  readonly reason: string;
}

/** Options of {@linkcode selectBackend}. */
export interface SelectBackendOptions {
  /** Use exactly this rung, or fail. @default undefined (walk the ladder) */
  readonly pin?: BackendName;
  /**
   * Threads the `cpu+blas` rung trains on (its convolutions; see `blas/register_blas_kernels.ts`). Give
   * what the stage may use: a stage given 1 core trains on 1 thread. Training and onnxruntime never run
   * at the same time in one stage, so they do not compete.
   * @default `DEEPMARKER_BLAS_THREADS`, else the machine's logical cores
   */
  readonly threads?: number;
}

/** The outcome: the rung in use, tfjs' own backend name, and every probe made (for the run record). */
export interface BackendSelection {
  readonly name: BackendName;
  readonly tfjsBackend: string;
  readonly probes: readonly BackendProbe[];
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}

/** Import a module whose specifier the type checker must not resolve (optional packages, sibling modules). */
function importOptional(specifier: string): Promise<Record<string, unknown>> {
  return import(specifier);
}

async function activate(tfjsName: string): Promise<void> {
  if (!(await tf.setBackend(tfjsName))) throw new Error(`tf.setBackend("${tfjsName}") returned false`);
  await tf.ready();
}

async function tryRung(
  name: BackendName,
  threads: number | undefined,
): Promise<{ ok: boolean; reason: string; tfjsBackend: string }> {
  try {
    switch (name) {
      case "tfjs-node-gpu":
      case "tfjs-node":
        try {
          await importOptional(`@tensorflow/${name}`);
        } catch {
          return {
            ok: false,
            reason:
              `@tensorflow/${name} is not installed (optional; to enable: deno add npm:@tensorflow/${name}@4.22.0 ` +
              `&& deno install --allow-scripts=npm:@tensorflow/${name})`,
            tfjsBackend: "tensorflow",
          };
        }
        await activate("tensorflow");
        return { ok: true, reason: `@tensorflow/${name} loaded`, tfjsBackend: "tensorflow" };
      case "webgpu": {
        const probe = await realWebGpuAdapter();
        if (!probe.ok) return { ok: false, reason: probe.reason, tfjsBackend: "webgpu" };
        await import("@tensorflow/tfjs-backend-webgpu");
        await activate("webgpu");
        return { ok: true, reason: probe.reason, tfjsBackend: "webgpu" };
      }
      case "cpu+blas": {
        const blas = await importOptional(new URL("./blas/mod.ts", import.meta.url).href);
        const register = blas.registerBlasKernels as
          | ((options: { threads?: number }) => Promise<{ ok: boolean; reason: string }>)
          | undefined;
        if (typeof register !== "function") {
          return { ok: false, reason: "blas/mod.ts has no registerBlasKernels()", tfjsBackend: "cpu" };
        }
        await activate("cpu");
        const r = await register(threads === undefined ? {} : { threads });
        return { ok: r.ok, reason: r.reason, tfjsBackend: "cpu" };
      }
      case "wasm":
        await import("@tensorflow/tfjs-backend-wasm");
        await activate("wasm");
        return { ok: true, reason: "tfjs-backend-wasm loaded", tfjsBackend: "wasm" };
      case "cpu":
        await activate("cpu");
        return { ok: true, reason: "plain JavaScript kernels", tfjsBackend: "cpu" };
    }
  } catch (e) {
    return { ok: false, reason: message(e), tfjsBackend: "" };
  }
}

/**
 * Pick and activate the tfjs backend for training.
 *
 * @param options an optional pinned rung and the thread count of `cpu+blas`
 * @returns the rung in use and the reason recorded for each rung tried
 * @throws {BackendUnavailableError} when the pinned rung cannot be used
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectBackend } from "./backends.ts";
 * const picked = await selectBackend({ pin: "cpu" });
 * assert.equal(picked.tfjsBackend, "cpu");
 * assert.equal(picked.probes.length, 1);
 * ```
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const rungs = options.pin === undefined ? backendLadder : [options.pin];
  const probes: BackendProbe[] = [];
  for (const name of rungs) {
    const r = await tryRung(name, options.threads);
    probes.push({ name, ok: r.ok, reason: r.reason });
    if (r.ok) return { name, tfjsBackend: r.tfjsBackend, probes };
  }
  const last = probes.at(-1)!;
  throw new BackendUnavailableError(
    `Cannot use backend "${last.name}": ${last.reason}\nhint: remove the pin to let deepmarker pick the best available backend`,
  );
}
