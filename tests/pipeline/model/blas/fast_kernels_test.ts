// The oracle is tfjs' stock cpu kernels: every case runs on them first, then again after
// registerBlasKernels() swapped in the fast binary / slice / reduction kernels.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { registerBlasKernels, unregisterBlasKernels } from "../../../../pipeline/model/blas/mod.ts";
import { unet3d } from "../../../../pipeline/model/unet3d.ts";
import { createRng, type Rng } from "../../../../stats/random.ts";
import { systemBlasPresent } from "../../../_helpers/system_blas.ts";

tf.env().set("PROD", true);
await tf.setBackend("cpu");

const noBlas = !systemBlasPresent();

function randomTensor(rng: Rng, shape: number[], dtype: "float32" | "int32" = "float32"): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, () => (dtype === "int32" ? rng.int(100) - 50 : rng.normal()));
  return tf.tensor(values, shape, dtype);
}

/** Results of `run` on stock kernels, then on the fast ones. */
async function stockAndFast<T>(run: () => T): Promise<[T, T]> {
  const stock = run();
  const result = await registerBlasKernels({ threads: 1 });
  assert.equal(result.ok, true, result.reason);
  try {
    return [stock, run()];
  } finally {
    unregisterBlasKernels();
  }
}

/** Every (a, b) shape pair of rank 1–5 where each axis of either operand may be 1 or missing. */
function broadcastCases(rng: Rng): [number[], number[]][] {
  const cases: [number[], number[]][] = [];
  for (let rank = 1; rank <= 5; rank++) {
    const out = Array.from({ length: rank }, () => 2 + rng.int(3));
    for (let mask = 0; mask < 1 << rank; mask++) {
      const a = out.map((d, i) => (mask >> i & 1 ? 1 : d));
      const b = out.map((d, i) => (mask >> i & 1 ? d : rng.int(3) === 0 ? 1 : d));
      const drop = rng.int(rank + 1);
      cases.push(rng.int(2) === 0 ? [a, b.slice(drop)] : [b.slice(drop), a]);
    }
  }
  cases.push([[], [3, 1, 2]], [[1, 1, 1], [1]], [[2, 0, 3], [3]], [[1], []], [[2, 3, 4, 5, 6], [2, 3, 4, 5, 6]]);
  return cases;
}

const BINARY = [tf.add, tf.sub, tf.mul, tf.div, tf.maximum, tf.minimum, tf.squaredDifference];

Deno.test({
  name: "registerBlasKernels() binary ops equal stock exactly under every broadcast pattern",
  ignore: noBlas,
  async fn() {
    const cases = broadcastCases(createRng(7, "broadcast"));
    const run = () =>
      tf.tidy(() =>
        cases.flatMap(([as, bs], i) => {
          const r = createRng(i, "binary-data");
          const a = randomTensor(r, as);
          const b = randomTensor(r, bs);
          return BINARY.map((op) => ({ shape: op(a, b).shape, values: Array.from(op(a, b).dataSync()) }));
        })
      );
    const [stock, fast] = await stockAndFast(run);
    assert.deepEqual(fast, stock);
  },
});

Deno.test({
  name: "registerBlasKernels() binary ops keep stock results for int32 and NaN inputs",
  ignore: noBlas,
  async fn() {
    const run = () =>
      tf.tidy(() => {
        const r = createRng(3, "int");
        const a = randomTensor(r, [3, 4, 2], "int32");
        const b = randomTensor(r, [4, 1], "int32");
        const x = tf.tensor([NaN, 1, -Infinity, 0, -0, 2], [2, 3]);
        const y = tf.tensor([1, NaN, 0], [3]);
        return [tf.add(a, b), tf.mul(a, b), tf.maximum(a, b), tf.maximum(x, y), tf.minimum(x, y), tf.div(x, y)]
          .map((t) => [t.dtype, Array.from(t.dataSync())]);
      });
    const [stock, fast] = await stockAndFast(run);
    assert.deepEqual(fast, stock);
  },
});

Deno.test({
  name: "registerBlasKernels() slice and split equal stock exactly, concat gradient included",
  ignore: noBlas,
  async fn() {
    const rng = createRng(11, "slices");
    const cases = Array.from({ length: 120 }, () => {
      const shape = Array.from({ length: 1 + rng.int(5) }, () => 1 + rng.int(5));
      const begin = shape.map((d) => rng.int(d));
      const size = shape.map((d, i) => rng.int(d - begin[i]! + 1));
      return {
        shape,
        begin,
        size,
        axis: rng.int(shape.length),
        dtype: rng.int(4) === 0 ? "int32" as const : "float32" as const,
      };
    });
    const run = () =>
      tf.tidy(() =>
        cases.flatMap((c, i) => {
          const x = randomTensor(createRng(i, "slice-data"), c.shape, c.dtype);
          const d = c.shape[c.axis]!;
          const first = Math.max(1, Math.floor(d / 3));
          const parts = d > 1 ? tf.split(x, [first, d - first], c.axis) : [x];
          const cat = tf.concat([x, x], c.axis);
          const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.concat([t, tf.mul(t, 2)], c.axis), cat)))(x);
          return [tf.slice(x, c.begin, c.size), ...parts, grad].map((
            t,
          ) => [t.shape, t.dtype, Array.from(t.dataSync())]);
        })
      );
    const [stock, fast] = await stockAndFast(run);
    assert.deepEqual(fast, stock);
  },
});

Deno.test({
  name: "registerBlasKernels() tile and its gradient equal stock exactly",
  ignore: noBlas,
  async fn() {
    const rng = createRng(13, "tiles");
    const cases = Array.from({ length: 60 }, () => {
      const shape = Array.from({ length: 1 + rng.int(5) }, () => 1 + rng.int(4));
      return {
        shape,
        reps: shape.map(() => 1 + rng.int(3)),
        dtype: rng.int(4) === 0 ? "int32" as const : "float32" as const,
      };
    });
    cases.push({ shape: [2, 1, 70], reps: [1, 2, 1], dtype: "float32" }, {
      shape: [2, 0, 3],
      reps: [2, 2, 2],
      dtype: "float32",
    });
    const run = () =>
      tf.tidy(() =>
        cases.flatMap((c, i) => {
          const x = randomTensor(createRng(i, "tile-data"), c.shape, c.dtype);
          const y = tf.tile(x, c.reps);
          const out = [[y.shape, y.dtype, Array.from(y.dataSync())]];
          if (c.dtype === "float32" && c.shape.length <= 4) {
            const w = randomTensor(createRng(i, "tile-weights"), y.shape);
            const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.tile(t, c.reps), w)))(x);
            out.push([g.shape, g.dtype, Array.from(g.dataSync())]);
          }
          return out;
        })
      );
    const [stock, fast] = await stockAndFast(run);
    assert.deepEqual(fast, stock);
  },
});

function relativeError(want: ArrayLike<number>, got: ArrayLike<number>): number {
  assert.equal(got.length, want.length);
  let err = 0;
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]!) && Number.isNaN(got[i]!)) continue;
    err = Math.max(err, Math.abs(want[i]! - got[i]!) / Math.max(Math.abs(want[i]!), 1e-6));
  }
  return err;
}

Deno.test({
  name: "registerBlasKernels() sum, mean and max over every axis subset match stock within 1e-6",
  ignore: noBlas,
  async fn() {
    const rng = createRng(5, "reduce");
    const cases: { shape: number[]; axes: number[]; keepDims: boolean }[] = [];
    for (let rank = 1; rank <= 5; rank++) {
      const shape = Array.from({ length: rank }, () => 1 + rng.int(5));
      for (let mask = 0; mask < 1 << rank; mask++) {
        const axes = shape.map((_, i) => i).filter((i) => mask >> i & 1);
        cases.push({ shape, axes: rng.int(4) === 0 ? axes.reverse() : axes, keepDims: rng.int(2) === 0 });
      }
    }
    cases.push({ shape: [2, 0, 3], axes: [2], keepDims: false }, { shape: [], axes: [], keepDims: true });
    const run = () =>
      tf.tidy(() =>
        cases.flatMap((c, i) => {
          const x = randomTensor(createRng(i, "reduce-data"), c.shape);
          const xi = randomTensor(createRng(i, "reduce-int"), c.shape, "int32");
          const ops = [tf.sum(x, c.axes, c.keepDims), tf.mean(x, c.axes, c.keepDims), tf.max(x, c.axes, c.keepDims)];
          return [...ops, tf.sum(xi, c.axes, c.keepDims)].map((t) => ({ shape: t.shape, values: t.dataSync() }));
        })
      );
    const [stock, fast] = await stockAndFast(run);
    fast.forEach((f, i) => {
      const c = cases[Math.floor(i / 4)];
      assert.deepEqual(f.shape, stock[i]!.shape, JSON.stringify(c));
      const err = relativeError(stock[i]!.values as Float32Array, f.values as Float32Array);
      assert.ok(err <= 1e-6, `${JSON.stringify(c)} op ${i % 4}: relative error ${err}`);
    });
  },
});

Deno.test({
  name: "registerBlasKernels() leaves a tiny U-Net's loss gradients equal to stock within 1e-4",
  ignore: noBlas,
  async fn() {
    const run = () => {
      const net = unet3d({
        inputShape: [4, 8, 8],
        depth: 2,
        baseChannels: 4,
        bottleneckChannels: 8,
        norm: "instance",
        dropout: 0,
      }, { seed: 3 });
      try {
        return tf.tidy(() => {
          const r = createRng(9, "unet");
          const x = randomTensor(r, [2, 4, 8, 8, 1]) as tf.Tensor5D;
          const y = tf.tensor(Array.from({ length: 512 }, () => r.int(2)), [2, 4, 8, 8, 1]);
          const vars = [...net.variables.values()].filter((v) => v.trainable);
          const { value, grads } = tf.variableGrads(() => {
            const p = net.forward(x, { training: true }).segmentation;
            return tf.mean(tf.squaredDifference(p, y)) as tf.Scalar;
          }, vars);
          return [value, ...vars.map((v) => grads[v.name]!)].map((t) => Array.from(t.dataSync()));
        });
      } finally {
        net.dispose();
      }
    };
    // BLAS conv3d is in both "fast" runs, so errors are relative to the largest gradient: biases
    // feeding an instance norm have analytically zero gradients (float noise of 1e-10).
    const [stock, fast] = await stockAndFast(run);
    assert.equal(fast.length, stock.length);
    const scale = stock.slice(1).flat().reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(scale > 0);
    fast.forEach((g, i) => {
      const want = stock[i]!;
      const err = want.reduce((m, v, j) => Math.max(m, Math.abs(v - g[j]!)), 0) /
        (i === 0 ? Math.abs(want[0]!) : scale);
      assert.ok(err <= 1e-4, `gradient ${i}: relative error ${err}`);
    });
  },
});

/** Values with every special case a unary op must pass through like stock, repeated past the pool's minimum size. */
function specialTensor(n: number, shape: number[]): tf.Tensor {
  const special = [NaN, 0, -0, Infinity, -Infinity, 1e-40, -1e-40, 3.4e38, -3.4e38, 1, -1, 0.5];
  const r = createRng(n, "special");
  return tf.tensor(Array.from({ length: n }, (_, i) => (i < special.length ? special[i]! : r.normal() * 3)), shape);
}

Deno.test({
  name: "registerBlasKernels() unary ops, zerosLike and concat equal stock exactly, specials and pooled sizes included",
  ignore: noBlas,
  async fn() {
    const UNARY = [tf.relu, tf.square, tf.sqrt, tf.rsqrt, tf.neg, tf.abs, tf.exp, tf.log1p, tf.sigmoid, tf.zerosLike];
    const run = () =>
      tf.tidy(() =>
        [[12], [4, 300], [2, 3, 4, 5, 6]].flatMap((shape) => {
          const n = shape.reduce((a, b) => a * b, 1);
          const x = specialTensor(n, shape);
          const xi = tf.cast(tf.mul(x, 10), "int32");
          const outs = [...UNARY.map((op) => op(x)), tf.step(x), tf.step(x, 0.3), tf.relu(xi), tf.abs(xi)];
          for (let axis = 0; axis < shape.length; axis++) {
            const y = tf.mul(x, 2);
            outs.push(tf.concat([x, y, x], axis), tf.concat([xi, xi], axis));
            outs.push(tf.concat([x, tf.slice(y, shape.map(() => 0), shape.map((d, i) => (i === axis ? 0 : d)))], axis));
          }
          return outs.map((t) => [t.shape, t.dtype, Array.from(t.dataSync())]);
        })
      );
    const [stock, fast] = await stockAndFast(run);
    assert.deepEqual(fast, stock);
  },
});

Deno.test({
  name: "registerBlasKernels() mean and sum gradients equal stock exactly",
  ignore: noBlas,
  async fn() {
    const shape = [2, 6, 10, 10, 3];
    const axesList = [[1, 2, 3], [0, 1, 2, 3], [4], [0, 2], [0, 1, 2, 3, 4]];
    const run = () =>
      tf.tidy(() =>
        axesList.flatMap((axes, i) => {
          const x = randomTensor(createRng(i, "grad-data"), shape);
          const w = randomTensor(createRng(i, "grad-weights"), shape);
          const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.mean(t, axes, true), tf.sum(t, axes, true)), w));
          const g = tf.grad(f)(x);
          const moments = tf.grad((t: tf.Tensor) => {
            const { mean, variance } = tf.moments(t, axes, true);
            return tf.sum(tf.mul(tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-5))), w));
          })(x);
          return [g, moments].map((t) => [t.shape, Array.from(t.dataSync())]);
        })
      );
    const [stock, fast] = await stockAndFast(run);
    assert.deepEqual(fast, stock);
  },
});

Deno.test({
  name: "registerBlasKernels() recycles a disposed tensor's buffer but never one that dataSync() handed out",
  ignore: noBlas,
  async fn() {
    const result = await registerBlasKernels({ threads: 1 });
    assert.equal(result.ok, true, result.reason);
    try {
      const before = tf.memory().numTensors;
      const backend = tf.engine().findBackend("cpu") as unknown as { data: { get(id: unknown): { values: unknown } } };
      const valuesOf = (t: tf.Tensor) => backend.data.get(t.dataId).values;
      const x = randomTensor(createRng(1, "pool"), [4, 1000]);
      const a = tf.relu(x);
      const recycled = valuesOf(a);
      a.dispose();
      const b = tf.neg(x);
      assert.equal(valuesOf(b), recycled, "a disposed output's array should be reused");
      const read = b.dataSync();
      const copy = Float32Array.from(read);
      b.dispose();
      const outs = Array.from({ length: 4 }, () => tf.square(x));
      assert.ok(outs.every((t) => valuesOf(t) !== read));
      assert.deepEqual(read, copy, "an array read by dataSync() must not be overwritten after dispose");
      const flat = tf.reshape(outs[0]!, [4000]);
      const view = tf.slice(flat, [0], [4000]); // a zero-copy stock view
      const shared = valuesOf(outs[0]!);
      tf.dispose(outs);
      const next = tf.abs(x);
      assert.notEqual(valuesOf(next), shared, "an array seen through another tensor must not be reused");
      tf.dispose([x, flat, view, next]);
      assert.equal(tf.memory().numTensors, before);
    } finally {
      unregisterBlasKernels();
    }
  },
});

Deno.test({
  name: "registerBlasKernels() relu, square and broadcasting multiply gradients equal stock exactly",
  ignore: noBlas,
  async fn() {
    const full = [2, 6, 10, 10, 3];
    const others = [[3], [2, 1, 1, 1, 3], [1, 6, 1, 10, 1], full, [10, 3], []];
    const run = () =>
      tf.tidy(() =>
        others.flatMap((shape, i) => {
          const x = specialTensor(3600, full);
          const w = randomTensor(createRng(i, "mul-w"), full);
          const s = randomTensor(createRng(i, "mul-s"), shape);
          const [gx, gs] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.mul(a, b), w)))([x, s]);
          const [hs, hx] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.mul(a, b), w)))([s, x]);
          const relu = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), w)))(x);
          const square = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(t), w)))(x);
          return [gx!, gs!, hs!, hx!, relu, square].map((t) => [t.shape, Array.from(t.dataSync())]);
        })
      );
    const [stock, fast] = await stockAndFast(run);
    assert.deepEqual(fast, stock);
  },
});
