/**
 * The logit of a logistic head on top of the encoder, as a differentiable tensor.
 *
 * @module
 */
import { tf } from "./_tf.ts";
import type { RiskModel } from "./death_probability.ts";
import { parseFeatureName } from "../model/feature_names.ts";
import { resolveUnit } from "./resolve_unit.ts";
import { flatBottleneck } from "./_unit_activation.ts";

/** The head split into image terms (bottleneck index, β/scale) and a constant from the fixed terms. */
export function splitHead(
  model: RiskModel,
  fixed: ReadonlyMap<string, number> = new Map(),
): { indices: number[]; weights: number[]; offset: number } {
  const { head } = model;
  const indices: number[] = [];
  const weights: number[] = [];
  let offset = head.intercept;
  for (const [name, beta] of head.coefficients) {
    const mean = head.means?.get(name) ?? 0;
    const scale = head.scales?.get(name) ?? 1;
    const own = /^[CP]\d+$/.test(name) && parseFeatureName(name).modality === model.modality;
    if (own && !fixed.has(name)) {
      const index = resolveUnit(model.unet.config, name, { modality: model.modality }).index;
      indices.push(index);
      weights.push(beta / scale);
      offset -= (beta * mean) / scale;
      continue;
    }
    const v = fixed.get(name);
    if (v === undefined) {
      throw new RangeError(
        `Cannot compute the logistic head: term "${name}" is not a ${model.modality} bottleneck unit and has no fixed value`,
      );
    }
    offset += (beta * (v - mean)) / scale;
  }
  return { indices, weights, offset };
}

/** Logits `[N]` of the head for a batch `[N, D, H, W, 1]`; call inside a tidy or gradient function. */
export function headLogit(model: RiskModel, x: tf.Tensor5D, fixed?: ReadonlyMap<string, number>): tf.Tensor1D {
  const { indices, weights, offset } = splitHead(model, fixed);
  const n = x.shape[0];
  if (indices.length === 0) return tf.fill([n], offset) as tf.Tensor1D;
  const features = tf.gather(flatBottleneck(model.unet, x), tf.tensor1d(indices, "int32"), 1); // [N, k]
  return tf.add(tf.reshape(tf.matMul(features, tf.tensor2d(weights, [indices.length, 1])), [n]), offset) as tf.Tensor1D;
}
