/**
 * Guided backpropagation (Springenberg et al. 2015, "Striving for simplicity: the all convolutional
 * net") as a scoped change of tfjs' gradient of the `Relu` kernel, so the model code stays as it is.
 *
 * @module
 */
import { tf } from "./_tf.ts";

/**
 * The guided ReLU gradient: the plain rule `dy · [x > 0]` additionally zeroes negative `dy`, so
 * only positive signal flows back, and only where the forward input was positive.
 */
const guidedReluGradient: tf.GradConfig = {
  kernelName: "Relu",
  inputsToSave: ["x"],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [x] = saved;
    return { x: () => tf.mul(tf.relu(dy as tf.Tensor), tf.cast(tf.step(x!), "float32")) };
  },
};

/**
 * Run `fn` with guided backpropagation through every `tf.relu`: forward passes are unchanged,
 * gradients taken inside `fn` (tfjs fixes a node's gradient rule when the forward op runs) pass
 * only positive values through ReLUs. The original rule is restored afterwards, also on error.
 *
 * @param fn work that records the forward pass and takes its gradient (e.g. `tf.grad(f)(x)`)
 * @returns what `fn` returns
 * @throws whatever `fn` throws
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tf } from "./_tf.ts";
 * import { withGuidedRelu } from "./guided_relu.ts";
 * const f = (x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), tf.tensor1d([1, -1])));
 * const x = tf.tensor1d([2, 3]);
 * assert.deepEqual([...tf.grad(f)(x).dataSync()], [1, -1]);
 * assert.deepEqual([...withGuidedRelu(() => tf.grad(f)(x)).dataSync()], [1, 0]);
 * ```
 */
export function withGuidedRelu<T>(fn: () => T): T {
  const original = tf.getGradient("Relu");
  tf.registerGradient(guidedReluGradient);
  try {
    return fn();
  } finally {
    if (original) tf.registerGradient(original);
  }
}
