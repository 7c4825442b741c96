/**
 * The gradient of Conv3DBackpropInputV2, which tfjs 4.22 lacks, so that `tf.conv3dTranspose`
 * (which runs that kernel) can be trained.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs-core";

/**
 * dx = conv3dBackpropInput(dy, filter) is linear in dy and in filter: for an upstream gradient
 * ddx (shaped like dx), d/d(dy) = conv3d(ddx, filter) and d/d(filter) is the conv3d filter
 * gradient with ddx as the input and dy as the output gradient.
 */
export const conv3dTransposeGradConfig: tf.GradConfig = {
  kernelName: tf.Conv3DBackpropInputV2,
  inputsToSave: ["dy", "filter"],
  gradFunc: (ddx, saved, attrs) => {
    const [dy, filter] = saved as [tf.Tensor5D, tf.Tensor5D];
    const upstream = ddx as tf.Tensor5D;
    const { strides, pad } = attrs as unknown as { strides: [number, number, number]; pad: "valid" | "same" };
    return {
      dy: () => tf.conv3d(upstream, filter, strides, pad),
      filter: () =>
        tf.engine().runKernel(tf.Conv3DBackpropFilterV2, { x: upstream, dy }, {
          strides,
          pad,
          filterShape: filter.shape,
        }) as tf.Tensor5D,
    };
  },
};

/**
 * Register {@linkcode conv3dTransposeGradConfig} (idempotent; works with any backend).
 *
 * @returns nothing
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import * as tf from "@tensorflow/tfjs-core";
 * import "@tensorflow/tfjs-backend-cpu";
 * import "@tensorflow/tfjs-layers"; // registers tfjs' own gradients (Sum, …)
 * import { registerConv3dTransposeGradient } from "./conv3d_transpose_gradient.ts";
 * registerConv3dTransposeGradient();
 * const x = tf.ones([1, 2, 2, 2, 1]) as tf.Tensor5D;
 * const g = tf.grad((f: tf.Tensor) => tf.sum(tf.conv3dTranspose(x, f as tf.Tensor5D, [1, 4, 4, 4, 1], 2, "same")));
 * assert.deepEqual(Array.from(g(tf.ones([2, 2, 2, 1, 1])).dataSync()), new Array(8).fill(8));
 * ```
 */
export function registerConv3dTransposeGradient(): void {
  if (tf.getGradient(tf.Conv3DBackpropInputV2) === conv3dTransposeGradConfig) return;
  tf.registerGradient(conv3dTransposeGradConfig);
}
