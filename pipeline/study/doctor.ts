/**
 * `deepmarker doctor`: what a user runs first on a new machine — every rung of the training
 * backend ladder with whether it works here and why, the rung training will use, the BLAS library
 * found, the machine's `sgemm` peak on all cores, and a short conv3d forward + backward
 * micro-benchmark at the demo U-Net's geometry on each usable rung.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs-core";
import { backendLadder, type BackendName, selectBackend } from "../model/backends.ts";
import { blasKernelsRegistered, sgemmPeakGflops, unregisterBlasKernels } from "../model/blas/mod.ts";

/** Options of {@linkcode doctor}. */
export interface DoctorOptions {
  /**
   * Seconds of micro-benchmark per usable rung; 0 skips benchmarking (`gflops` is then null).
   * @default 2
   */
  seconds?: number;
  /**
   * Rungs to examine, in ladder order.
   * @default every rung of the ladder
   */
  rungs?: readonly BackendName[];
  /**
   * Benchmark geometry: input [N, D, H, W, C] convolved with 3×3×3, C → C channels, "same".
   * @default the demo U-Net's first level: { shape: [2, 16, 32, 32], channels: 8 } (batch 2, 32 × 32 × 16)
   */
  geometry?: { shape: readonly [number, number, number, number]; channels: number };
}

/** One rung as `deepmarker doctor --json` prints it. */
export interface DoctorBackend {
  name: BackendName;
  available: boolean;
  /** Why it is (un)available: adapter, library, missing package or permission. */
  reason: string;
  /** conv3d forward + input gradient + filter gradient, GFLOP/s; null when not measured. */
  gflops: number | null;
  /** `gflops` over the stock tfjs `cpu` rung's; null when either was not measured. */
  "speedup_vs_tfjs_cpu": number | null;
}

/** The whole report. */
export interface DoctorReport {
  backends: DoctorBackend[];
  /** The rung training picks here (the first available in ladder order), null when none of those examined is. */
  "training_rung": BackendName | null;
  /** GFLOP/s of OpenBLAS `sgemm` at 512³ on all cores: the machine's ceiling; null without BLAS or benchmarks. */
  "peak_gflops": number | null;
  /** The BLAS library the `cpu+blas` rung opened (or why none). */
  blas: { found: boolean; library: string | null; threads: number | null; reason: string };
}

/** GFLOP/s of conv3d forward + both gradients on the active backend, over about `seconds`. */
async function benchmarkConv3d(
  seconds: number,
  shape: readonly [number, number, number, number],
  channels: number,
): Promise<number> {
  const x = tf.randomNormal([...shape, channels], 0, 1, "float32", 1) as tf.Tensor5D;
  const f = tf.randomNormal([3, 3, 3, channels, channels], 0, 0.1, "float32", 2) as tf.Tensor5D;
  const step = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.conv3d(a as tf.Tensor5D, b as tf.Tensor5D, 1, "same"))
  );
  const once = async () => {
    const grads = step([x, f]);
    await Promise.all(grads.map((g) => g.data()));
    tf.dispose(grads);
  };
  await once(); // warm-up: shader compilation, wasm instantiation, JIT
  const flops = 3 * 2 * shape.reduce((a, b) => a * b, 1) * 27 * channels * channels;
  const start = performance.now();
  let iterations = 0;
  while (iterations === 0 || performance.now() - start < seconds * 1000) {
    await once();
    iterations++;
  }
  const elapsed = (performance.now() - start) / 1000;
  tf.dispose([x, f]);
  return (flops * iterations) / elapsed / 1e9;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}

/**
 * Probe every backend rung (tfjs-node-gpu, tfjs-node, webgpu with a real adapter, cpu+blas, wasm,
 * cpu), benchmark the usable ones and report. Restores the `cpu` backend (stock kernels) at the end.
 *
 * @param options benchmark length, rungs and geometry
 * @returns one entry per rung (JSON keys as in the CLI's `--json`) and the BLAS library found
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { doctor } from "./doctor.ts";
 * const report = await doctor({ seconds: 0, rungs: ["cpu"] });
 * assert.deepEqual(report.backends[0], {
 *   name: "cpu", available: true, reason: "plain JavaScript kernels", gflops: null, "speedup_vs_tfjs_cpu": null,
 * });
 * ```
 */
export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const seconds = options.seconds ?? 2;
  const { shape, channels } = options.geometry ?? { shape: [2, 16, 32, 32] as const, channels: 8 };
  const rungs = backendLadder.filter((r) => (options.rungs ?? backendLadder).includes(r));
  // stock cpu first: it is the baseline of every ratio
  const order = [...rungs].sort((a, b) => Number(b === "cpu") - Number(a === "cpu"));
  const found = new Map<BackendName, DoctorBackend>();
  let blas: DoctorReport["blas"] = { found: false, library: null, threads: null, reason: "cpu+blas rung not examined" };
  for (const name of order) {
    const entry: DoctorBackend = { name, available: false, reason: "", gflops: null, "speedup_vs_tfjs_cpu": null };
    try {
      const picked = await selectBackend({ pin: name });
      entry.available = true;
      entry.reason = picked.probes.at(-1)?.reason ?? "";
      if (name === "cpu+blas") {
        const r = blasKernelsRegistered();
        blas = { found: true, library: r?.library ?? null, threads: r?.threads ?? null, reason: entry.reason };
      }
      if (seconds > 0) entry.gflops = await benchmarkConv3d(seconds, shape, channels);
    } catch (e) {
      entry.reason ||= message(e).replace(/^Cannot use backend "[^"]+": /, "");
      if (name === "cpu+blas" && !entry.available) blas = { ...blas, reason: entry.reason };
    } finally {
      if (name === "cpu+blas") unregisterBlasKernels();
    }
    found.set(name, entry);
  }
  await tf.setBackend("cpu");
  let peak: number | null = null;
  if (blas.found && seconds > 0) peak = sgemmPeakGflops({ seconds: Math.min(seconds, 1) });
  const baseline = found.get("cpu")?.gflops ?? null;
  const backends = rungs.map((name) => {
    const e = found.get(name)!;
    const ratio = e.gflops !== null && baseline ? e.gflops / baseline : null;
    return { ...e, "speedup_vs_tfjs_cpu": ratio };
  });
  const training = backends.find((b) => b.available)?.name ?? null;
  return { backends, "training_rung": training, "peak_gflops": peak, blas };
}
