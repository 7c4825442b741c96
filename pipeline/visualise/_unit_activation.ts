/**
 * The activation of one bottleneck unit as a tensor: the part of the forward pass every
 * visualisation differentiates (the encoder only: the decoder never influences a bottleneck unit).
 * Call inside `tf.tidy` or a gradient function.
 *
 * @module
 */
import type { tf } from "./_tf.ts";
import { tf as tfjs } from "./_tf.ts";
import type { UNet } from "../model/unet3d.ts";

/** Flattened bottleneck `[N, d·h·w·c]` of a batch `[N, D, H, W, 1]` (channel fastest, see `feature_names.ts`). */
export function flatBottleneck(unet: UNet, x: tf.Tensor5D): tf.Tensor2D {
  return tfjs.reshape(unet.encode(x), [x.shape[0], -1]);
}

/** Activations `[N]` of the unit with flattened index `index`. */
export function unitActivation(unet: UNet, x: tf.Tensor5D, index: number): tf.Tensor1D {
  const n = x.shape[0];
  return tfjs.reshape(tfjs.slice(flatBottleneck(unet, x), [0, index], [n, 1]), [n]);
}

/** `[N, D, H, W, 1]` tensor of `n` images stored back to back (x fastest). */
export function batchTensor(unet: UNet, data: Float32Array, n: number): tf.Tensor5D {
  const [d, h, w] = unet.config.inputShape;
  return tfjs.tensor5d(data, [n, d, h, w, 1]);
}
