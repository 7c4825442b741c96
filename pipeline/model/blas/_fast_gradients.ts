/**
 * Gradients of Mean and Sum without `ones(x.shape)`: tfjs' own multiply the reshaped `dy` by a
 * freshly allocated tensor of ones the size of `x` (then, for Mean, divide it in full), which at
 * the paper's geometry is 57 MB of new memory and two full passes per instance-norm moment. Here
 * the small `dy` (divided by the count first, for Mean) is broadcast with one Tile. Same values bit
 * for bit: `e·1 = e`, and `(e·1)/n` is the same division done once per channel instead of per voxel.
 * They apply only while the `cpu` backend is active; any other backend keeps tfjs' gradient.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs-core";

const KERNELS = [tf.Mean, tf.Sum] as const;

let saved: Map<string, tf.GradConfig> | undefined;

function expandedShape(x: tf.Tensor, axis: number | number[]): { shape: number[]; count: number } {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const shape = x.shape.slice();
  let count = 1;
  for (const a of axes) {
    count *= shape[a]!;
    shape[a] = 1;
  }
  return { shape, count };
}

function fastGradient(name: string, stock: tf.GradConfig): tf.GradConfig {
  return {
    ...stock,
    gradFunc: (dy, tensors, attrs) => {
      const [x] = tensors;
      const d = dy as tf.Tensor;
      if (tf.getBackend() !== "cpu" || x === undefined || d.dtype !== "float32" || x.dtype !== "float32") {
        return stock.gradFunc(dy, tensors, attrs);
      }
      const { shape, count } = expandedShape(x, (attrs as { axis: number | number[] }).axis);
      const reshaped = tf.reshape(d, shape);
      return { x: () => tf.broadcastTo(name === tf.Mean ? tf.div(reshaped, count) : reshaped, x.shape) };
    },
  };
}

/** Register the Mean and Sum gradients above (keeping tfjs' ones to restore). */
export function registerFastGradients(): void {
  if (saved !== undefined) return;
  saved = new Map();
  for (const name of KERNELS) {
    const stock = tf.getGradient(name);
    if (stock === undefined) continue;
    saved.set(name, stock);
    tf.registerGradient(fastGradient(name, stock));
  }
}

/** Put tfjs' Mean and Sum gradients back. */
export function unregisterFastGradients(): void {
  if (saved === undefined) return;
  for (const config of saved.values()) tf.registerGradient(config);
  saved = undefined;
}
