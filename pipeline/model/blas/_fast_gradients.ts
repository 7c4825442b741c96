/**
 * Gradients that do in one pass what tfjs' own do in two or three full-size ones, while the `cpu`
 * backend is active (any other backend keeps tfjs' gradient). Each gives the same bits as tfjs':
 *
 * - Mean and Sum: tfjs multiplies the reshaped `dy` by a freshly allocated tensor of ones the size
 *   of `x` (then, for Mean, divides it in full) — at the paper's geometry 57 MB of new memory and
 *   two passes per instance-norm moment. Here the small `dy` (divided by the count first, for Mean)
 *   is broadcast with one Tile: `e·1 = e`, and `(e·1)/n` is the same division done once per channel.
 * - Relu, Square and a Multiply whose other factor is full-size while this one broadcasts (the
 *   gamma and 1/σ of a norm): one kernel of `_fused_grad_kernels.ts` each.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs-core";
import { fusedGradKernelConfigs, MUL_SUM, RELU_GRAD, SQUARE_GRAD } from "./_fused_grad_kernels.ts";

type GradFunc = tf.GradConfig["gradFunc"];

/** True when this gradient may use our kernels: cpu backend, float32 tensors. */
function onCpu(...tensors: (tf.Tensor | undefined)[]): boolean {
  return tf.getBackend() === "cpu" && tensors.every((t) => t !== undefined && t.dtype === "float32");
}

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

/** Mean's and Sum's gradient: the reshaped `dy` (over the count, for Mean) broadcast to `x`. */
function reduceGradient(name: string, stock: GradFunc): GradFunc {
  return (dy, tensors, attrs) => {
    const [x] = tensors;
    const d = dy as tf.Tensor;
    if (!onCpu(x, d)) return stock(dy, tensors, attrs);
    const { shape, count } = expandedShape(x!, (attrs as { axis: number | number[] }).axis);
    const reshaped = tf.reshape(d, shape);
    return { x: () => tf.broadcastTo(name === tf.Mean ? tf.div(reshaped, count) : reshaped, x!.shape) };
  };
}

/** Relu's and Square's gradient: one fused kernel on `dy` and `x`. */
function unaryGradient(kernel: string, stock: GradFunc): GradFunc {
  return (dy, tensors, attrs) => {
    const [x] = tensors;
    const d = dy as tf.Tensor;
    if (!onCpu(x, d) || !tf.util.arraysEqual(d.shape, x!.shape)) return stock(dy, tensors, attrs);
    return { x: () => tf.engine().runKernel(kernel, { dy: d, x: x! }) as tf.Tensor };
  };
}

/**
 * Multiply's gradient: for a factor that broadcasts against a full-size other factor,
 * `Σ dy·other` in one kernel; everything else is tfjs' own.
 */
function multiplyGradient(stock: GradFunc): GradFunc {
  return (dy, tensors, attrs) => {
    const grads = stock(dy, tensors, attrs);
    const [a, b] = tensors;
    const d = dy as tf.Tensor;
    if (!onCpu(a, b, d)) return grads;
    const fused = (self: tf.Tensor, other: tf.Tensor): (() => tf.Tensor) | undefined => {
      const axes = tf.backend_util.getReductionAxes(self.shape, d.shape);
      if (axes.length === 0 || !tf.util.arraysEqual(other.shape, d.shape)) return undefined;
      return () => tf.engine().runKernel(MUL_SUM, { dy: d, a: other }, { axes, shape: self.shape }) as tf.Tensor;
    };
    return { a: fused(a!, b!) ?? grads.a!, b: fused(b!, a!) ?? grads.b! };
  };
}

const KERNELS: Record<string, (stock: GradFunc) => GradFunc> = {
  [tf.Mean]: (stock) => reduceGradient(tf.Mean, stock),
  [tf.Sum]: (stock) => reduceGradient(tf.Sum, stock),
  [tf.Relu]: (stock) => unaryGradient(RELU_GRAD, stock),
  [tf.Square]: (stock) => unaryGradient(SQUARE_GRAD, stock),
  [tf.Multiply]: multiplyGradient,
};

/** Register the gradients above and their `cpu` kernels (keeping tfjs' gradients to restore). */
export function registerFastGradients(): void {
  if (saved !== undefined) return;
  saved = new Map();
  for (const config of fusedGradKernelConfigs()) tf.registerKernel(config);
  for (const [name, build] of Object.entries(KERNELS)) {
    const stock = tf.getGradient(name);
    if (stock === undefined) continue;
    saved.set(name, stock);
    tf.registerGradient({ ...stock, gradFunc: build(stock.gradFunc) });
  }
}

/** Put tfjs' gradients back and remove our kernels. */
export function unregisterFastGradients(): void {
  if (saved === undefined) return;
  for (const config of saved.values()) tf.registerGradient(config);
  for (const config of fusedGradKernelConfigs()) tf.unregisterKernel(config.kernelName, "cpu");
  saved = undefined;
}
