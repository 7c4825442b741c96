// deno-lint-ignore-file no-console
/**
 * GPU check (`deno run -A tools/gpu_check.ts`): one U-Net training epoch on tfjs WebGPU and one
 * ONNX Runtime WebGPU-EP inference, each timed next to its CPU counterpart. Says plainly when no
 * real adapter exists (software rasterisers such as llvmpipe do not count) and then times CPU only.
 *
 * @module
 */
import { tf } from "../pipeline/model/_tf.ts";
import { realWebGpuAdapter } from "../pipeline/model/real_webgpu_adapter.ts";
import { selectBackend } from "../pipeline/model/backends.ts";
import { trainUNet } from "../pipeline/model/train.ts";
import { unet3d, type UNetConfig } from "../pipeline/model/unet3d.ts";
import { exportOnnx } from "../pipeline/model/export_onnx.ts";
import { ortSession } from "../pipeline/model/ort_session.ts";

const config: UNetConfig = {
  inputShape: [16, 32, 32],
  depth: 2,
  baseChannels: 8,
  bottleneckChannels: 32,
  norm: "instance",
  dropout: 0,
};
const size = 16 * 32 * 32;
const samples = Array.from({ length: 3 }, (_, i) => ({
  id: `P${i}`,
  image: Float32Array.from({ length: size }, (_, j) => ((j * (i + 3)) % 17) / 17),
  mask: Uint8Array.from({ length: size }, (_, j) => (j % 5 === 0 ? 1 : 0)),
}));

async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function trainEpoch(): Promise<void> {
  const r = await trainUNet(samples, { config, epochs: 1, batchSize: 2, valFraction: 0.34 });
  r.model.dispose();
}

const probe = await realWebGpuAdapter();
console.log(probe.ok ? `WebGPU: ${probe.reason}` : `No real WebGPU adapter: ${probe.reason}. Timing CPU only.`);

await selectBackend({ pin: "cpu" });
const cpuTrain = await time(trainEpoch);
console.log(`train epoch (1 step of batch 2 + validation, 16×32×32): tfjs cpu ${cpuTrain.toFixed(0)} ms`);
if (probe.ok) {
  await selectBackend({ pin: "webgpu" });
  await trainEpoch(); // warm-up: shader compilation
  const gpuTrain = await time(trainEpoch);
  console.log(`train epoch: tfjs webgpu ${gpuTrain.toFixed(0)} ms (${(cpuTrain / gpuTrain).toFixed(1)}× cpu)`);
  await tf.setBackend("cpu");
}

const net = unet3d(config, { seed: 1 });
const onnx = exportOnnx(config, net.getWeights());
net.dispose();
const batch = new Float32Array(4 * size).fill(0.5);
const cpu = await ortSession(onnx, { executionProvider: "cpu" });
await cpu.run(batch, 4);
const cpuInfer = await time(() => cpu.run(batch, 4));
console.log(`ORT inference (batch 4, 16×32×32): cpu EP ${cpuInfer.toFixed(1)} ms`);
if (probe.ok) {
  try {
    const gpu = await ortSession(onnx, { executionProvider: "webgpu" });
    await gpu.run(batch, 4);
    const gpuInfer = await time(() => gpu.run(batch, 4));
    console.log(`ORT inference: webgpu EP ${gpuInfer.toFixed(1)} ms (${(cpuInfer / gpuInfer).toFixed(1)}× cpu)`);
    await gpu.release();
  } catch (e) {
    console.log(`ORT WebGPU EP unavailable: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
}
await cpu.release();
