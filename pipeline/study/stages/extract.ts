/**
 * Stage `extract_<modality>`: every patient's crop through the exported U-Net with onnxruntime
 * (CPU; the WebGPU execution provider only on a real GPU). Writes the bottleneck features to the
 * DuckDB file `features.duckdb` (long table `features(patient, modality, idx, value)`; a feature's
 * name is `C`/`P` + its zero-padded index, see `pipeline/model/feature_names.ts`) and each patient's
 * segmentation Dice against the contour to `dice.csv`.
 *
 * @module
 */
import { join } from "node:path";
import { extractFeatures } from "../../model/extract_features.ts";
import { ortSession } from "../../model/ort_session.ts";
import { writeFeatures } from "../../model/write_features.ts";
import type { StageDefinition } from "../../engine/stage.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { type Modality, normalisationOf, samplesOf } from "./_model_io.ts";
import { diceTable } from "../artifacts/dice_table.ts";

/**
 * The extraction stage of one modality.
 *
 * @param modality `ct` or `pet`
 * @returns the stage `extract_<modality>`
 */
export function extractStage(modality: Modality): StageDefinition {
  return defineStudyStage({
    name: `extract_${modality}`,
    source: import.meta.url,
    inputs: [`export_${modality}`, "crop"],
    description: `bottleneck features and Dice of every ${modality.toUpperCase()} crop via onnxruntime`,
    params: (spec) => ({ modality, normalisation: normalisationOf(spec, modality) }),
    async run(ctx) {
      const session = await ortSession(join(ctx.inputs[`export_${modality}`]!.dir, "model.onnx"), {
        executionProvider: "auto",
      });
      ctx.info("executionProvider", `${session.provider} (${session.reason})`);
      try {
        const samples = await samplesOf(ctx.inputs.crop!, modality);
        const out = await extractFeatures(session, samples, {
          normalisation: ctx.params.normalisation,
          progress: ctx.progress,
        });
        await writeFeatures(join(ctx.outDir, "features.duckdb"), modality, out.ids, out.matrix);
        await diceTable.write(ctx.outDir, out.ids.map((patientId, i) => ({ patientId, dice: out.dice[i]! })));
        const mean = out.dice.reduce((s, v) => s + v, 0) / out.dice.length;
        ctx.metric({ name: "mean_dice", value: mean });
        ctx.metric({ name: "features", value: out.nFeatures });
      } finally {
        await session.release();
      }
    },
  });
}
