/**
 * Stage `visualise`: makes the selected U-Net features visible (the paper's Figures 4 and 5). Per
 * modality: activation maximisation of the selected bottleneck units (seeded random starts,
 * regularised gradient ascent) and, for the highest- and lowest-risk patients, saliency of P(death)
 * — plain gradient, gradient × input and guided backpropagation — through the encoder to the CT/PET
 * voxels. P(death) is a logistic model on the endpoint's selected features (both modalities; the other
 * modality's terms are held at the patient's own values). Writes NIfTI volumes aligned with the
 * crops, PNG montages and `volumes.json` for the report.
 *
 * @module
 */
import { join } from "node:path";
import { logisticRegression } from "../../../stats/logistic_regression.ts";
import { type BackendName, selectBackend } from "../../model/backends.ts";
import { unet3d } from "../../model/unet3d.ts";
import { normaliseIntensity } from "../../model/normalise_intensity.ts";
import { logisticHead } from "../../visualise/logistic_head.ts";
import { visualiseFeatures } from "../../visualise/visualise_features.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { cropIds, readCrop } from "./_entries.ts";
import { type Modality, normalisationOf, readWeights, trainingFile } from "./_model_io.ts";
import { readClinical } from "../artifacts/clinical_table.ts";
import { labelledRows } from "../protocol/risk_group_survival.ts";
import { endpointLabels, readSelected } from "./_study_data.ts";
import { readUnetFeatures } from "./_unet_features.ts";

/** Visualise the selected features of the first endpoint (or `visualise.endpoint`). */
export const visualise = defineStudyStage({
  name: "visualise",
  source: import.meta.url,
  inputs: ["ingest", "crop", "train_ct", "train_pet", "extract_ct", "extract_pet", "select"],
  description: "activation maximisation and saliency maps of the selected features",
  resources: { cpus: 1, memGb: 4 },
  params: (spec) => ({
    enabled: spec.visualise.enabled,
    modalities: spec.modalities,
    endpoint: spec.endpoints[0]!,
    units: spec.visualise.units,
    maxUnits: spec.visualise.max_units,
    patientsPerEnd: spec.visualise.patients,
    iterations: spec.visualise.iterations,
    step: spec.visualise.step,
    starts: spec.visualise.starts,
    l2: spec.visualise.l2,
    blurEvery: spec.visualise.blur_every,
    seed: spec.seed,
    backend: spec.train.backend,
    normalisation: { ct: normalisationOf(spec, "ct"), pet: normalisationOf(spec, "pet") },
  }),
  async run(ctx) {
    const p = ctx.params;
    const volumes: unknown[] = [];
    if (!p.enabled) return void (await Deno.writeTextFile(join(ctx.outDir, "volumes.json"), "[]"));
    const table = await readUnetFeatures(ctx.inputs, p.modalities);
    const selected = (await readSelected(ctx.inputs.select!)).get(p.endpoint.name) ?? [];
    const [labels] = endpointLabels(await readClinical(ctx.inputs.ingest!.dir), table.ids, [p.endpoint]);
    if (selected.length === 0) {
      ctx.warn(`no feature was selected for "${p.endpoint.name}": nothing to visualise`);
      return void (await Deno.writeTextFile(join(ctx.outDir, "volumes.json"), "[]"));
    }
    const head = fitHead(table, selected, labels!.labels);
    const picked = await selectBackend(p.backend === "auto" ? {} : { pin: p.backend as BackendName });
    ctx.info("backend", picked.name);
    const ids = await cropIds(ctx.inputs.crop!);
    const crops = await Promise.all(ids.map((id) => readCrop(ctx.inputs.crop!, id)));
    const row = new Map(table.ids.map((id, i) => [id, i]));
    for (const modality of p.modalities as Modality[]) {
      const prefix = modality === "ct" ? "C" : "P";
      if (!selected.some((f) => f.startsWith(prefix))) {
        ctx.warn(
          `no ${modality.toUpperCase()} feature was selected for "${p.endpoint.name}": no ${modality.toUpperCase()} maps`,
        );
        continue;
      }
      const trained = ctx.inputs[`train_${modality}`]!;
      const { config } = await trainingFile.read(trained.dir);
      const unet = unet3d(config, { weights: await readWeights(trained.dir) });
      const units = p.units === "selected"
        ? selected.filter((f) => f.startsWith(prefix)).slice(0, p.maxUnits)
        : p.units.filter((f) => f.startsWith(prefix));
      try {
        const summary = await visualiseFeatures(
          unet,
          crops.map((c) => ({
            id: c.id,
            ct: c.ct,
            mask: c.mask,
            image: normaliseIntensity(Float32Array.from(c[modality].data), p.normalisation[modality]),
            fixedFeatures: new Map(
              selected.filter((f) => !f.startsWith(prefix)).map((f) => [f, column(table, f)[row.get(c.id)!]!]),
            ),
          })),
          {
            outDir: join(ctx.outDir, modality),
            modality,
            logistic: head,
            units,
            patientsPerEnd: p.patientsPerEnd,
            endpoint: p.endpoint.name,
            progress: ctx.progress,
            activation: {
              starts: p.starts,
              iterations: p.iterations,
              stepSize: p.step,
              l2Decay: p.l2,
              blurEvery: p.blurEvery,
              seed: p.seed,
            },
          },
        );
        for (const u of summary.units) {
          ctx.metric({ name: `activation_percentile/${u.unit}`, value: u.comparison?.percentile ?? NaN });
        }
        volumes.push(...summary.volumes.map((v) => ({
          ...v,
          file: join(modality, v.file),
          ...(v.background ? { background: join(modality, v.background) } : {}),
        })));
      } finally {
        unet.dispose();
      }
    }
    await Deno.writeTextFile(join(ctx.outDir, "volumes.json"), JSON.stringify(volumes, null, 2));
  },
});

function column(table: Awaited<ReturnType<typeof readUnetFeatures>>, name: string): Float64Array {
  const j = table.names.indexOf(name);
  return table.matrix.data.subarray(j * table.matrix.nRows, (j + 1) * table.matrix.nRows);
}

/** Logistic P(death) on standardised selected features, fitted on the endpoint's labelled patients. */
function fitHead(table: Awaited<ReturnType<typeof readUnetFeatures>>, features: string[], labels: Float64Array) {
  const n = table.matrix.nRows;
  const means: Record<string, number> = {};
  const scales: Record<string, number> = {};
  const data = new Float64Array(n * features.length);
  features.forEach((f, k) => {
    const x = column(table, f);
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / n) || 1;
    means[f] = mean;
    scales[f] = sd;
    for (let i = 0; i < n; i++) data[k * n + i] = (x[i]! - mean) / sd;
  });
  const { y, weights } = labelledRows(labels);
  const fit = logisticRegression({ nRows: n, nCols: features.length, data }, y, { weights });
  return logisticHead(fit.coefficients[0]!, Object.fromEntries(features.map((f, k) => [f, fit.coefficients[k + 1]!])), {
    means,
    scales,
  });
}
