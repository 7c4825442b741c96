/**
 * Stage `train_<modality>`: a 3D U-Net trained to segment the contour on one modality's crops
 * (nothing about survival reaches it), on the best tfjs backend present or the one the spec pins.
 * A checkpoint is written every epoch in the stage's work folder, so a killed run resumes where it
 * stopped ("resumed from epoch 3 of 12" is printed, and kept as the metric `resumed_from_epoch`).
 * Writes the best weights and `training.json` (config, split, per-epoch loss and Dice): only what
 * the same inputs always reproduce; the backend, per-epoch seconds and the resume point go to the
 * manifest's info, so two clean runs give byte-identical outputs.
 *
 * @module
 */
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendName, selectBackend } from "../../model/backends.ts";
import { trainUNet } from "../../model/train.ts";
import type { StageDefinition } from "../../engine/stage.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { type Modality, normalisationOf, samplesOf, trainingFile, writeWeights } from "./_model_io.ts";
import { unetConfigOf } from "./unet_config_of.ts";

/**
 * The training stage of one modality.
 *
 * @param modality `ct` or `pet`
 * @returns the stage `train_<modality>`
 */
export function trainStage(modality: Modality): StageDefinition {
  return defineStudyStage({
    name: `train_${modality}`,
    source: import.meta.url,
    inputs: ["crop"],
    description: `train the ${modality.toUpperCase()} U-Net on the contours`,
    // training scales with cores (BLAS threads); the longest stage by far
    resources: { cpus: "all", memGb: 8, time: "24:00:00" },
    params: (spec) => ({
      modality,
      config: unetConfigOf(spec),
      normalisation: normalisationOf(spec, modality),
      epochs: spec.train.epochs,
      batchSize: spec.train.batch_size,
      learningRate: spec.train.learning_rate,
      valFraction: spec.train.validation_fraction,
      patience: spec.train.patience,
      flip: spec.train.flip,
      jitter: spec.train.intensity_jitter,
      backend: spec.train.backend,
      seed: spec.train.seed ?? spec.seed,
    }),
    async run(ctx) {
      const p = ctx.params;
      const picked = await selectBackend(p.backend === "auto" ? {} : { pin: p.backend as BackendName });
      for (const probe of picked.probes.filter((x) => !x.ok)) ctx.info(`backend.${probe.name}`, probe.reason);
      ctx.info("backend", picked.name);
      const samples = await samplesOf(ctx.inputs.crop!, modality);
      const tensorsBefore = tf.memory().numTensors;
      const result = await trainUNet(samples, {
        config: p.config,
        normalisation: p.normalisation,
        epochs: p.epochs,
        batchSize: p.batchSize,
        learningRate: p.learningRate,
        valFraction: p.valFraction,
        patience: p.patience,
        seed: p.seed,
        flip: p.flip,
        scaleJitter: p.jitter,
        shiftJitter: p.jitter,
        checkpointDir: join(ctx.workDir, "checkpoint"),
        progress: ctx.progress, // trainUNet reports each epoch's loss and validation Dice through it
        signal: ctx.signal,
        onResume: (epoch, epochs) => ctx.progress.message(`resumed from epoch ${epoch} of ${epochs}`),
      });
      try {
        await writeWeights(ctx.outDir, result.model.getWeights());
      } finally {
        result.model.dispose();
      }
      const leaked = tf.memory().numTensors - tensorsBefore;
      if (leaked !== 0) ctx.warn(`${leaked} tensors were not released by training`);
      await trainingFile.write(ctx.outDir, {
        config: p.config,
        normalisation: p.normalisation,
        epochs: result.epochs,
        bestEpoch: result.bestEpoch,
        bestValDice: result.bestValDice,
        trainIds: result.trainIds,
        valIds: result.valIds,
        history: result.history.map(({ durationMs: _durationMs, numTensors: _numTensors, ...log }) => log),
      });
      ctx.metric({ name: "best_val_dice", value: result.bestValDice });
      ctx.metric({ name: "epochs", value: result.epochs });
      ctx.info("epochSeconds", result.history.map((h) => Math.round(h.durationMs) / 1000));
      if (result.resumedFromEpoch > 0) {
        ctx.info("resumedFromEpoch", result.resumedFromEpoch);
        ctx.metric({ name: "resumed_from_epoch", value: result.resumedFromEpoch });
      }
    },
  });
}
