import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-layers";
import {
  conv3dTransposeGradConfig,
  registerBlasKernels,
  registerConv3dTransposeGradient,
  unregisterBlasKernels,
} from "../../../../pipeline/model/blas/mod.ts";
import { createRng, type Rng } from "../../../../stats/random.ts";
import { systemBlasPresent } from "../../../_helpers/system_blas.ts";

tf.env().set("PROD", true);
await tf.setBackend("cpu");

const noBlas = !systemBlasPresent();

function randomArray(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

interface Geometry {
  x: [number, number, number, number, number];
  f: [number, number, number, number, number];
  out: [number, number, number, number, number];
  stride: number;
  pad: "same" | "valid";
}

const GEOMETRIES: Geometry[] = [
  { x: [1, 2, 3, 2, 3], f: [2, 2, 2, 2, 3], out: [1, 4, 6, 4, 2], stride: 2, pad: "same" },
  { x: [2, 3, 3, 4, 2], f: [3, 3, 3, 4, 2], out: [2, 3, 3, 4, 4], stride: 1, pad: "same" },
  { x: [1, 3, 2, 3, 2], f: [3, 2, 3, 1, 2], out: [1, 7, 5, 7, 1], stride: 2, pad: "valid" },
];

/**
 * Check the analytic gradient of L = Σ conv3dTranspose(x, f)·r against central differences.
 * L is linear in x and in f, so a difference with step 0.5 is exact up to float32 rounding.
 */
function checkAgainstFiniteDifferences(geometry: Geometry, rng: Rng): void {
  const { x, f, out, stride, pad } = geometry;
  const r = tf.tensor5d(randomArray(rng, out.reduce((a, b) => a * b)), out);
  const loss = (a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv3dTranspose(a as tf.Tensor5D, b as tf.Tensor5D, out, stride, pad), r)) as tf.Scalar;
  const values = [randomArray(rng, x.reduce((a, b) => a * b)), randomArray(rng, f.reduce((a, b) => a * b))];
  const shapes = [x, f];
  const tensors = () => values.map((v, i) => tf.tensor5d(v, shapes[i]!));
  const analytic = tf.grads(loss)(tensors()).map((g) => g.dataSync());
  for (const which of [0, 1]) {
    const scale = Math.max(...analytic[which]!.map(Math.abs));
    for (let probe = 0; probe < 8; probe++) {
      const i = rng.int(values[which]!.length);
      const original = values[which]![i]!;
      const at = (delta: number) => {
        values[which]![i] = original + delta;
        const [a, b] = tensors();
        return loss(a!, b!).dataSync()[0]!;
      };
      const numeric = (at(0.5) - at(-0.5)) / 1;
      values[which]![i] = original;
      const err = Math.abs(numeric - analytic[which]![i]!) / scale;
      assert.ok(err < 2e-3, `${which === 0 ? "input" : "filter"}[${i}] of ${JSON.stringify(geometry)}: ${err}`);
    }
  }
}

Deno.test("registerConv3dTransposeGradient() makes conv3dTranspose gradients match finite differences", () => {
  registerConv3dTransposeGradient();
  assert.equal(tf.getGradient(tf.Conv3DBackpropInputV2), conv3dTransposeGradConfig);
  GEOMETRIES.forEach((g, i) => checkAgainstFiniteDifferences(g, createRng(i, "transpose")));
});

Deno.test({
  name: "registerConv3dTransposeGradient() gradients also match finite differences on BLAS kernels",
  ignore: noBlas,
  async fn() {
    const result = await registerBlasKernels({ threads: 1 });
    assert.equal(result.ok, true);
    try {
      GEOMETRIES.forEach((g, i) => checkAgainstFiniteDifferences(g, createRng(i, "transpose-blas")));
    } finally {
      unregisterBlasKernels();
    }
  },
});
