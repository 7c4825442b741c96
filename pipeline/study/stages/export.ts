/**
 * Stage `export_<modality>`: the trained U-Net as ONNX (opset 17; outputs `segmentation` and
 * `bottleneck`). Before the model is cached it must load in onnxruntime and agree with the tfjs
 * network on seeded random inputs (max |Δ| ≤ 1e-4 on both outputs); the measured differences are
 * recorded as metrics.
 *
 * @module
 */
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendName, selectBackend } from "../../model/backends.ts";
import { exportOnnx } from "../../model/export_onnx.ts";
import { ortSession } from "../../model/ort_session.ts";
import { unet3d } from "../../model/unet3d.ts";
import type { StageDefinition } from "../../engine/stage.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { type Modality, readWeights, trainingFile } from "./_model_io.ts";

/** Largest tolerated |ORT − tfjs| on either output. */
export const PARITY_TOLERANCE = 1e-4;

/**
 * The export stage of one modality.
 *
 * @param modality `ct` or `pet`
 * @returns the stage `export_<modality>`
 */
export function exportStage(modality: Modality): StageDefinition {
  return defineStudyStage({
    name: `export_${modality}`,
    source: import.meta.url,
    inputs: [`train_${modality}`],
    description: `export the ${modality.toUpperCase()} U-Net to ONNX and check ORT/tfjs parity`,
    params: (spec) => ({ modality, opset: 17, seed: spec.seed, backend: spec.train.backend }),
    async run(ctx) {
      const trained = ctx.inputs[`train_${modality}`]!;
      const training = await trainingFile.read(trained.dir);
      const weights = await readWeights(trained.dir);
      const bytes = exportOnnx(training.config, weights, { opset: ctx.params.opset });
      await selectBackend(ctx.params.backend === "auto" ? {} : { pin: ctx.params.backend as BackendName });
      const net = unet3d(training.config, { weights });
      const session = await ortSession(bytes);
      try {
        const [d, h, w] = training.config.inputShape;
        const rng = ctx.rng("parity");
        const input = Float32Array.from({ length: 2 * d * h * w }, () => rng.uniform());
        const ort = await session.run(input, 2);
        const [seg, bott] = tf.tidy(() => {
          const out = net.forward(tf.tensor5d(input, [2, d, h, w, 1]));
          return [out.segmentation.dataSync(), out.bottleneck.dataSync()];
        });
        const segDiff = maxAbsDiff(ort.segmentation, seg!);
        const bottDiff = maxAbsDiff(ort.bottleneck, bott!);
        ctx.metric({ name: "parity_segmentation_max_abs_diff", value: segDiff });
        ctx.metric({ name: "parity_bottleneck_max_abs_diff", value: bottDiff });
        if (!(segDiff <= PARITY_TOLERANCE && bottDiff <= PARITY_TOLERANCE)) {
          throw new Error(
            `ONNX model disagrees with tfjs: max |Δ| segmentation ${segDiff}, bottleneck ${bottDiff} (tolerance ${PARITY_TOLERANCE})`,
          );
        }
      } finally {
        net.dispose();
        await session.release();
      }
      await Deno.writeFile(join(ctx.outDir, "model.onnx"), bytes);
      await trainingFile.write(ctx.outDir, training);
    },
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
