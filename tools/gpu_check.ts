// deno-lint-ignore-file no-console -- a developer script that prints one JSON object
/**
 * GPU check (`deno task gpu-check`): one command that answers, on any machine, "does the WebGPU path
 * work here, and how fast". Prints one JSON object: the adapter (and whether it is a software one),
 * the demo U-Net's training step on WebGPU and on `cpu+blas` in the same run, the loss and gradient
 * parity between them, and onnxruntime's WebGPU execution provider against its CPU provider (forward
 * ms and bottleneck parity). A software adapter (llvmpipe) is used only with
 * `DEEPMARKER_ALLOW_SOFTWARE_GPU=1`; what cannot run is reported with its reason, not thrown.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { createRng } from "../stats/random.ts";
import { tf } from "../pipeline/model/_tf.ts";
import { realWebGpuAdapter } from "../pipeline/model/real_webgpu_adapter.ts";
import { selectBackend } from "../pipeline/model/backends.ts";
import { unet3d, type UNetConfig } from "../pipeline/model/unet3d.ts";
import { adam } from "../pipeline/model/_adam.ts";
import { exportOnnx } from "../pipeline/model/export_onnx.ts";
import { ortSession } from "../pipeline/model/ort_session.ts";
import { loadSpec } from "../pipeline/study/load_spec.ts";
import { unetConfigOf } from "../pipeline/study/stages/unet_config_of.ts";

const demo = await loadSpec(fileURLToPath(new URL("../experiments/demo.yaml", import.meta.url)));
const config: UNetConfig = unetConfigOf(demo.variants[0]!.spec);
const [d, h, w] = config.inputShape;
const size = d * h * w;
const batch = 2;
// Seeded noise: a periodic pattern would make ties in max-pooling, which backends may break differently.
const rng = createRng(1, "gpu-check");
const images = Float32Array.from({ length: batch * size }, () => rng.uniform());
const masks = images.map((v) => (v > 0.7 ? 1 : 0));

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}

/** Loss and gradients of the seeded demo U-Net on the fixed batch, then the best of three timed Adam steps. */
async function trainStep(): Promise<{ loss: number; grads: Float32Array[]; stepMs: number }> {
  const net = unet3d(config, { seed: 1 });
  const x = tf.tensor5d(images, [batch, d, h, w, 1]);
  const y = tf.tensor5d(masks, [batch, d, h, w, 1]);
  const trainable = [...net.variables.values()].filter((v) => v.trainable);
  const names = new Map([...net.variables].map(([name, v]) => [v.name, name]));
  const optimiser = adam(new Map([...net.variables].filter(([, v]) => v.trainable)));
  const lossOf = () =>
    tf.tidy(() => {
      const logits = net.forward(x, { training: true }).logits;
      const p = tf.sigmoid(logits);
      const dice = tf.sub(
        1,
        tf.div(tf.add(tf.mul(tf.sum(tf.mul(p, y)), 2), 1), tf.add(tf.add(tf.sum(p), tf.sum(y)), 1)),
      );
      return tf.add(dice, tf.losses.sigmoidCrossEntropy(y, logits)) as tf.Scalar;
    });
  const first = tf.variableGrads(lossOf, trainable);
  const loss = (await first.value.data())[0]!;
  const grads = await Promise.all(trainable.map(async (v) => (await first.grads[v.name]!.data()) as Float32Array));
  tf.dispose([first.value, ...Object.values(first.grads)]);
  let stepMs = Infinity;
  for (let i = 0; i < 4; i++) { // the first is a warm-up (shader compilation)
    const t = performance.now();
    const { value, grads: g } = tf.variableGrads(lossOf, trainable);
    optimiser.update(Object.fromEntries(Object.entries(g).map(([k, t]) => [names.get(k)!, t])), 1e-3);
    await value.data();
    tf.dispose([value, ...Object.values(g)]);
    if (i > 0) stepMs = Math.min(stepMs, performance.now() - t);
  }
  optimiser.dispose();
  net.dispose();
  tf.dispose([x, y]);
  return { loss, grads, stepMs };
}

/** max |a − b| over max |a|, each array's scale floored at a thousandth of the largest (zero gradients). */
function relativeError(a: Float32Array[], b: Float32Array[]): number {
  const largest = Math.max(...a.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  return Math.max(...a.map((g, i) => {
    let [err, scale] = [0, 1e-3 * largest];
    g.forEach((v, j) => [err, scale] = [Math.max(err, Math.abs(v - b[i]![j]!)), Math.max(scale, Math.abs(v))]);
    return err / scale;
  }));
}

async function bestMs(f: () => Promise<unknown>): Promise<number> {
  await f();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const probe = await realWebGpuAdapter();
const adapterInfo = probe.adapter?.info as (GPUAdapterInfo & { description?: string }) | undefined;
const report: Record<string, unknown> = {
  adapter: adapterInfo ? adapterInfo.description || adapterInfo.vendor : null,
  software: probe.software,
  webgpu: probe.ok ? "usable" : probe.reason,
};

const cpu = await selectBackend({ pin: "cpu+blas" }).then(() => trainStep(), (e) => message(e));
report.cpu_blas_train_step_ms = typeof cpu === "string" ? cpu : cpu.stepMs;
if (probe.ok) {
  try {
    await selectBackend({ pin: "webgpu" });
    const gpu = await trainStep();
    report.webgpu_train_step_ms = gpu.stepMs;
    if (typeof cpu !== "string") {
      report.parity = {
        loss_relative_error: Math.abs(gpu.loss - cpu.loss) / Math.abs(cpu.loss),
        gradient_relative_error: relativeError(cpu.grads, gpu.grads),
      };
    }
  } catch (e) {
    report.webgpu_train_step_ms = `failed: ${message(e)}`;
  }
}
await tf.setBackend("cpu");

const net = unet3d(config, { seed: 1 });
const onnx = exportOnnx(config, net.getWeights());
net.dispose();
const ortCpu = await ortSession(onnx, { executionProvider: "cpu" });
report.ort_cpu_forward_ms = await bestMs(() => ortCpu.run(images, batch));
try {
  const ortGpu = await ortSession(onnx, { executionProvider: "webgpu" });
  report.ort_webgpu_forward_ms = await bestMs(() => ortGpu.run(images, batch));
  const [a, b] = [await ortCpu.run(images, batch), await ortGpu.run(images, batch)];
  report.ort_bottleneck_relative_error = relativeError([a.bottleneck], [b.bottleneck]);
  await ortGpu.release();
} catch (e) {
  report.ort_webgpu_forward_ms = `unavailable: ${message(e)}`;
}
await ortCpu.release();
console.log(JSON.stringify(report, null, 2));
