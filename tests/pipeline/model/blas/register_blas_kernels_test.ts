// The oracle is tfjs' stock cpu kernels: every case is computed on them first, then again after
// registerBlasKernels() replaced them, and unregisterBlasKernels() puts them back.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-layers";
import {
  blasKernelsRegistered,
  registerBlasKernels,
  unregisterBlasKernels,
} from "../../../../pipeline/model/blas/mod.ts";
import { trainUNet } from "../../../../pipeline/model/train.ts";
import { createRng, type Rng } from "../../../../stats/random.ts";
import { makeBlobs } from "../_blobs.ts";
import { systemBlasPresent } from "../../../_helpers/system_blas.ts";

tf.env().set("PROD", true);
await tf.setBackend("cpu");

const noBlas = !systemBlasPresent();

interface Case {
  x: number[];
  f: number[];
  stride: number;
  pad: "same" | "valid";
}

function randomTensor(rng: Rng, shape: number[]): tf.Tensor5D {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape) as unknown as tf.Tensor5D;
}

/** Random geometries: channels 1–64 (spatial size shrinks as channels grow), odd/even, strides 1–2. */
function randomCases(rng: Rng, count: number): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const c = [1, 2, 3, 8, 16, 33, 64][rng.int(7)]!;
    const k = [1, 4, 8, 17, 64][rng.int(5)]!;
    const size = () => (c * k > 256 ? 3 : 4) + rng.int(c * k > 256 ? 3 : 6);
    const kernel = [1, 2, 3][rng.int(3)]!;
    const x = [1 + rng.int(2), size(), size(), size(), c];
    const stride = 1 + rng.int(2);
    const pad = rng.int(2) === 0 ? "same" : "valid";
    if (pad === "valid" && x.slice(1, 4).some((s) => s < kernel)) continue;
    cases.push({ x, f: [kernel, 3, kernel === 1 ? 2 : 3, c, k], stride, pad });
  }
  return cases;
}

/** Forward, input gradient and filter gradient of one case, as arrays. */
function convAll(rng: Rng, { x, f, stride, pad }: Case): Float32Array[] {
  return tf.tidy(() => {
    const xs = randomTensor(rng, x);
    const fs = randomTensor(rng, f);
    const y = tf.conv3d(xs, fs, stride, pad);
    const dy = randomTensor(rng, y.shape);
    const dx = tf.engine().runKernel(tf.Conv3DBackpropInputV2, { dy, filter: fs }, {
      strides: stride,
      pad,
      inputShape: x,
    });
    const dw = tf.engine().runKernel(tf.Conv3DBackpropFilterV2, { x: xs, dy }, {
      strides: stride,
      pad,
      filterShape: f,
    });
    return [y, dx as tf.Tensor, dw as tf.Tensor].map((t) => t.dataSync() as Float32Array);
  });
}

/** max |a-b| / max |a|, the error relative to the output scale. */
function relativeError(want: ArrayLike<number>, got: ArrayLike<number>): number {
  assert.equal(got.length, want.length);
  let err = 0;
  let scale = 1e-30;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(want[i]! - got[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return err / scale;
}

for (const algorithm of ["auto", "shifted", "im2col"] as const) {
  Deno.test({
    name: `registerBlasKernels() matches stock tfjs-cpu conv3d and both gradients (${algorithm})`,
    ignore: noBlas,
    async fn() {
      const cases = randomCases(createRng(2024, algorithm), 14);
      const stock = cases.map((c, i) => convAll(createRng(i, "data"), c));
      const result = await registerBlasKernels({ algorithm, threads: 1 });
      assert.equal(result.ok, true, result.reason);
      try {
        cases.forEach((c, i) => {
          const blas = convAll(createRng(i, "data"), c);
          ["forward", "input gradient", "filter gradient"].forEach((what, j) => {
            const err = relativeError(stock[i]![j]!, blas[j]!);
            assert.ok(err <= 1e-4, `${what} of ${JSON.stringify(c)}: relative error ${err}`);
          });
        });
      } finally {
        unregisterBlasKernels();
      }
    },
  });
}

/** MaxPool3D geometries both pool tests use: even and odd sizes, both paddings, strides 1 and 2. */
const POOL_CASES = [
  { x: [2, 6, 5, 7, 3], size: 2, stride: 2, pad: "same" as const },
  { x: [1, 7, 6, 5, 8], size: 3, stride: 2, pad: "valid" as const },
  { x: [1, 5, 5, 4, 1], size: 2, stride: 1, pad: "same" as const },
];

Deno.test({
  name: "registerBlasKernels() replaces MaxPool3DGrad with one equal to stock, ties included",
  ignore: noBlas,
  async fn() {
    const cases = POOL_CASES;
    // integer values make ties, where stock keeps the last maximum in scan order
    const grads = () =>
      cases.map((c, i) => {
        const r = createRng(i, "pool-data");
        const n = c.x.reduce((a, b) => a * b);
        const x = tf.tensor(Float32Array.from({ length: n }, () => r.int(4)), c.x) as unknown as tf.Tensor5D;
        const g = tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool3d(t as tf.Tensor5D, c.size, c.stride, c.pad), 1.5))
        );
        return g(x).dataSync() as Float32Array;
      });
    const stock = grads();
    await registerBlasKernels({ threads: 1 });
    try {
      grads().forEach((g, i) => assert.deepEqual(Array.from(g), Array.from(stock[i]!), JSON.stringify(cases[i])));
    } finally {
      unregisterBlasKernels();
    }
  },
});

Deno.test({
  name: "registerBlasKernels() replaces MaxPool3D with one equal to stock, NaN and infinities included",
  ignore: noBlas,
  async fn() {
    const cases = [...POOL_CASES, { x: [2, 16, 12, 10, 16], size: 2, stride: 2, pad: "valid" as const }];
    const special = [NaN, -Infinity, Infinity, -0, 0];
    const pools = () =>
      cases.map((c, i) => {
        const r = createRng(i, "pool-forward");
        const n = c.x.reduce((a, b) => a * b);
        const values = Float32Array.from({ length: n }, () => (r.int(10) === 0 ? special[r.int(5)]! : r.normal()));
        if (i === 0) values.fill(NaN, 0, 3 * 7 * 5 * 2); // whole windows of NaN give -Infinity
        const x = tf.tensor(values, c.x) as unknown as tf.Tensor5D;
        const y = tf.maxPool3d(x, c.size, c.stride, c.pad);
        const out = [y.shape, Array.from(y.dataSync())];
        tf.dispose([x, y]);
        return out;
      });
    const stock = pools();
    await registerBlasKernels({ threads: 1 });
    try {
      assert.deepEqual(pools(), stock);
    } finally {
      unregisterBlasKernels();
    }
  },
});

/** A two-level 3D U-Net: conv→pool→conv→conv3dTranspose→concat→conv→1×1 conv. */
function tinyUnetLoss(rng: Rng): { loss: () => tf.Scalar; weights: tf.Variable[] } {
  const w = (shape: number[]) => tf.variable(tf.mul(randomTensor(rng, shape), 0.3));
  const weights = [w([3, 3, 3, 2, 4]), w([3, 3, 3, 4, 8]), w([2, 2, 2, 4, 8]), w([3, 3, 3, 8, 4]), w([1, 1, 1, 4, 1])];
  const x = randomTensor(rng, [2, 8, 6, 4, 2]);
  const target = tf.tensor(Float32Array.from({ length: 2 * 8 * 6 * 4 }, () => rng.int(2)), [2, 8, 6, 4, 1]);
  const [w1, w2, up, w3, head] = weights as unknown as [
    tf.Tensor5D,
    tf.Tensor5D,
    tf.Tensor5D,
    tf.Tensor5D,
    tf.Tensor5D,
  ];
  const loss = () =>
    tf.tidy(() => {
      const e1 = tf.relu(tf.conv3d(x, w1, 1, "same"));
      const e2 = tf.relu(tf.conv3d(tf.maxPool3d(e1, 2, 2, "same"), w2, 1, "same"));
      const u = tf.conv3dTranspose(e2, up, [2, 8, 6, 4, 4], 2, "same");
      const d = tf.relu(tf.conv3d(tf.concat([u, e1], 4) as tf.Tensor5D, w3, 1, "same"));
      return tf.losses.sigmoidCrossEntropy(target, tf.conv3d(d, head, 1, "valid")) as tf.Scalar;
    });
  return { loss, weights };
}

function unetGradients(): Float32Array[] {
  const { loss, weights } = tinyUnetLoss(createRng(7, "unet"));
  const { grads } = tf.variableGrads(loss, weights);
  const out = weights.map((v) => grads[v.name]!.dataSync() as Float32Array);
  tf.dispose([...weights, ...Object.values(grads)]);
  return out;
}

Deno.test({
  name: "registerBlasKernels() gives a tiny U-Net the same gradients as stock kernels",
  ignore: noBlas,
  async fn() {
    const stock = unetGradients();
    await registerBlasKernels({ threads: 1 });
    try {
      const blas = unetGradients();
      stock.forEach((g, i) => assert.ok(relativeError(g, blas[i]!) <= 1e-4, `weight ${i}`));
    } finally {
      unregisterBlasKernels();
    }
  },
});

Deno.test({
  name: "unregisterBlasKernels() restores the stock kernel configs",
  ignore: noBlas,
  async fn() {
    const before = tf.getKernel(tf.Conv3D, "cpu");
    await registerBlasKernels({ threads: 1 });
    assert.notEqual(tf.getKernel(tf.Conv3D, "cpu"), before);
    assert.equal(blasKernelsRegistered()?.ok, true);
    assert.equal(unregisterBlasKernels(), true);
    assert.equal(tf.getKernel(tf.Conv3D, "cpu"), before);
    assert.equal(blasKernelsRegistered(), undefined);
  },
});

Deno.test("registerBlasKernels() falls back to stock kernels when the library path points at nothing", async () => {
  const warnings: string[] = [];
  const before = tf.getKernel(tf.Conv3D, "cpu");
  const result = await registerBlasKernels({ path: "/nonexistent/libopenblas.so.0", warn: (m) => warnings.push(m) });
  assert.equal(result.ok, false);
  assert.match(result.reason, /nonexistent.*stock tfjs-cpu/s);
  assert.deepEqual(warnings, [result.reason]);
  assert.equal(tf.getKernel(tf.Conv3D, "cpu"), before);
  // training still runs (on stock kernels): a few SGD steps lower the loss
  const { loss, weights } = tinyUnetLoss(createRng(3, "fallback"));
  const optimizer = tf.train.sgd(0.5);
  const first = loss().dataSync()[0]!;
  for (let i = 0; i < 3; i++) optimizer.minimize(loss);
  assert.ok(loss().dataSync()[0]! < first);
  tf.dispose(weights);
});

/** Run registerBlasKernels() in a fresh `deno run -A` process with extra flags and env. */
async function registerInSubprocess(
  flags: string[],
  env: Record<string, string>,
): Promise<{ ok: boolean; reason: string }> {
  const dir = await Deno.makeTempDir({ prefix: "blas_fallback_" });
  try {
    const file = `${dir}/probe.ts`;
    const mod = import.meta.resolve("../../../../pipeline/model/blas/mod.ts");
    await Deno.writeTextFile(
      file,
      `import { registerBlasKernels } from ${JSON.stringify(mod)};
const r = await registerBlasKernels({ warn: () => {} });
await Deno.stdout.write(new TextEncoder().encode(JSON.stringify(r)));`,
    );
    const config = new URL("../../../../deno.json", import.meta.url).pathname;
    const args = ["run", "-A", ...flags, "--config", config, file];
    const out = await new Deno.Command(Deno.execPath(), { args, env, stderr: "piped" }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("registerBlasKernels() follows DEEPMARKER_BLAS and falls back without FFI permission", async (t) => {
  await t.step("DEEPMARKER_BLAS pointing at nothing", async () => {
    const r = await registerInSubprocess([], { DEEPMARKER_BLAS: "/nonexistent/blas.so" });
    assert.equal(r.ok, false);
    assert.match(r.reason, /"\/nonexistent\/blas\.so"/);
  });
  await t.step("FFI denied", async () => {
    const r = await registerInSubprocess(["--deny-ffi"], {});
    assert.equal(r.ok, false);
    assert.match(r.reason, /FFI permission/);
  });
});

Deno.test({
  name: "registerBlasKernels() trains a U-Net through its buffer pool: resume bit-identical, tensor count stable",
  ignore: noBlas,
  async fn() {
    // [8, 16, 16] crops with 4 base channels: activations of 8192 floats, past the pool's minimum size.
    const config = {
      inputShape: [8, 16, 16],
      depth: 1,
      baseChannels: 4,
      bottleneckChannels: 8,
      norm: "instance",
    } as const;
    const data = makeBlobs(6, [8, 16, 16], 3);
    const options = { config, epochs: 3, seed: 2, learningRate: 1e-2, valFraction: 0.34 };
    const dir = await Deno.makeTempDir();
    await registerBlasKernels({ threads: 1 });
    try {
      const before = tf.memory().numTensors;
      const cut = await trainUNet(data, { ...options, checkpointDir: dir, stopAfterEpochs: 1 });
      cut.model.dispose();
      const resumed = await trainUNet(data, { ...options, checkpointDir: dir });
      const straight = await trainUNet(data, options);
      assert.deepEqual(resumed.history.map((h) => h.trainLoss), straight.history.map((h) => h.trainLoss));
      const a = resumed.model.getWeights();
      const b = straight.model.getWeights();
      a.forEach((w, i) => assert.deepEqual(w.values, b[i]!.values, `weight ${w.name} differs`));
      assert.equal(new Set(straight.history.map((h) => h.numTensors)).size, 1);
      [resumed, straight].forEach((r) => r.model.dispose());
      assert.equal(tf.memory().numTensors, before);
    } finally {
      unregisterBlasKernels();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
