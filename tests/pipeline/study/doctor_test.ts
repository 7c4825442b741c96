import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { doctor } from "../../../pipeline/study/doctor.ts";
import { backendLadder } from "../../../pipeline/model/backends.ts";
import { systemBlasPresent } from "../../_helpers/system_blas.ts";

const blasPresent = systemBlasPresent();

Deno.test("doctor() reports every rung with a reason and benchmarks the usable ones", async () => {
  await tf.setBackend("cpu");
  const stockConv = tf.getKernel(tf.Conv3D, "cpu");
  const report = await doctor({ seconds: 0.05, geometry: { shape: [1, 6, 6, 6], channels: 4 } });
  assert.deepEqual(report.backends.map((b) => b.name), [...backendLadder]);
  for (const b of report.backends) {
    assert.ok(b.reason.length > 0, `${b.name} has no reason`);
    assert.equal(b.gflops !== null, b.available, `${b.name}: benchmarked iff available`);
    if (b.gflops !== null) assert.ok(b.gflops > 0 && Number.isFinite(b.gflops));
  }
  const cpu = report.backends.find((b) => b.name === "cpu")!;
  assert.equal(cpu.available, true);
  assert.equal(cpu.speedup_vs_tfjs_cpu, 1);
  const blas = report.backends.find((b) => b.name === "cpu+blas")!;
  assert.equal(blas.available, blasPresent);
  assert.equal(report.blas.found, blasPresent);
  if (blasPresent) assert.ok(report.blas.library !== null && blas.reason.includes(report.blas.library));
  assert.equal(report.training_rung, report.backends.find((b) => b.available)!.name);
  assert.equal(report.peak_gflops !== null, blasPresent);
  if (report.peak_gflops !== null) assert.ok(report.peak_gflops > 0 && Number.isFinite(report.peak_gflops));
  const webgpu = report.backends.find((b) => b.name === "webgpu")!;
  if (!webgpu.available) assert.match(webgpu.reason, /navigator\.gpu|adapter/);
  // doctor leaves the stock cpu backend behind
  assert.equal(tf.getBackend(), "cpu");
  assert.equal(tf.getKernel(tf.Conv3D, "cpu"), stockConv);
});

Deno.test("doctor() skips benchmarks with seconds 0 and examines only the rungs asked for", async () => {
  const report = await doctor({ seconds: 0, rungs: ["cpu", "cpu+blas"] });
  assert.deepEqual(report.backends.map((b) => b.name), ["cpu+blas", "cpu"]);
  assert.ok(report.backends.every((b) => b.gflops === null && b.speedup_vs_tfjs_cpu === null));
  assert.equal(report.peak_gflops, null);
  assert.equal(report.training_rung, report.backends.find((b) => b.available)!.name);
});
