import assert from "node:assert/strict";
import { tf } from "../../../pipeline/visualise/_tf.ts";
import { withGuidedRelu } from "../../../pipeline/visualise/guided_relu.ts";

// y = v · relu(W2 · relu(W1 · x)): a hand-made net whose guided and plain gradients are worked out below.
const W1 = [[1, -2, 0.5], [-1, 1, 1], [2, 0.5, -1], [0.3, -0.7, 0.2]];
const W2 = [[1, -1, 2, -0.5], [-2, 1, 1, 1]];
const v = [1, -3];
const x = [0.5, -0.4, 1.2];

function net(t: tf.Tensor): tf.Scalar {
  const h1 = tf.relu(tf.matMul(tf.tensor2d(W1), tf.reshape(t, [3, 1])));
  const h2 = tf.relu(tf.matMul(tf.tensor2d(W2), h1));
  return tf.sum(tf.mul(tf.reshape(h2, [2]), tf.tensor1d(v)));
}

/** Backward pass by hand; `guided` keeps only positive gradients at each ReLU. */
function byHand(guided: boolean): number[] {
  const a1 = W1.map((row) => row.reduce((s, w, j) => s + w * x[j]!, 0));
  const h1 = a1.map((a) => Math.max(0, a));
  const a2 = W2.map((row) => row.reduce((s, w, j) => s + w * h1[j]!, 0));
  const gate = (g: number, a: number) => (a > 0 ? (guided ? Math.max(0, g) : g) : 0);
  const d2 = v.map((g, i) => gate(g, a2[i]!));
  const d1 = h1.map((_, j) => gate(W2.reduce((s, row, i) => s + row[j]! * d2[i]!, 0), a1[j]!));
  return x.map((_, k) => W1.reduce((s, row, j) => s + row[k]! * d1[j]!, 0));
}

Deno.test("withGuidedRelu() gives the guided-backpropagation gradient of a hand-made net", () => {
  const xt = tf.tensor1d(x);
  const plain = [...tf.grad(net)(xt).dataSync()];
  const guided = [...withGuidedRelu(() => tf.grad(net)(xt)).dataSync()];
  const [ePlain, eGuided] = [byHand(false), byHand(true)];
  plain.forEach((g, k) => assert.ok(Math.abs(g - ePlain[k]!) < 1e-5, `plain ${plain} vs ${ePlain}`));
  guided.forEach((g, k) => assert.ok(Math.abs(g - eGuided[k]!) < 1e-5, `guided ${guided} vs ${eGuided}`));
  assert.ok(ePlain.some((g, k) => Math.abs(g - eGuided[k]!) > 0.1), "the example must tell the two rules apart");
  xt.dispose();
});

Deno.test("withGuidedRelu() restores the plain ReLU gradient afterwards, also when the work throws", () => {
  const xt = tf.tensor1d(x);
  const original = tf.getGradient("Relu");
  assert.throws(() =>
    withGuidedRelu(() => {
      throw new Error("boom");
    }), /boom/);
  assert.equal(tf.getGradient("Relu"), original);
  withGuidedRelu(() => tf.grad(net)(xt).dispose());
  assert.equal(tf.getGradient("Relu"), original);
  const plain = [...tf.grad(net)(xt).dataSync()];
  byHand(false).forEach((g, k) => assert.ok(Math.abs(g - plain[k]!) < 1e-5));
  xt.dispose();
});
