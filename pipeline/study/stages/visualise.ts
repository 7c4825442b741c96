/**
 * Stage `visualise`: makes the selected U-Net features visible (the paper's Figures 4 and 5). Per
 * modality: activation maximisation of the selected bottleneck units (seeded random starts,
 * regularised gradient ascent) and, for the highest- and lowest-risk patients, saliency of P(death)
 * — plain gradient, gradient × input and guided backpropagation — through the encoder to the CT/PET
 * voxels. P(death) is a logistic model on the endpoint's selected features (both modalities; the other
 * modality's terms are held at the patient's own values). Every map gets the sanity checks of
 * `visualise/saliency_checks.ts` (cascading model randomisation, outcome randomisation with a permutation
 * test of the model's outcome signal, deletion against random deletion), unless `visualise.checks.enabled`
 * is false. On a synthetic cohort, each map's positive-saliency concentration in the known-truth regions
 * (tumour, tumour-touching vessel, other vessels, ring around the tumour). Writes NIfTI volumes aligned with the
 * crops, PNG montages, `volumes.json`, `checks.json` and `concentration.json` for the report.
 *
 * @module
 */
import { join } from "node:path";
import { type BackendName, selectBackend } from "../../model/backends.ts";
import { unet3d } from "../../model/unet3d.ts";
import { normaliseIntensity } from "../../model/normalise_intensity.ts";
import { fitLogisticHead } from "../../visualise/fit_logistic_head.ts";
import { permutedHeads } from "../../visualise/outcome_randomisation.ts";
import { outcomeSignal } from "../../visualise/outcome_signal.ts";
import type { MapCheck } from "../../visualise/saliency_checks.ts";
import { visualiseFeatures } from "../../visualise/visualise_features.ts";
import { defineStudyStage } from "./_define_study_stage.ts";
import { cropIds, readCrop } from "./_entries.ts";
import { type Modality, normalisationOf, readWeights, trainingFile } from "./_model_io.ts";
import { readClinical } from "../artifacts/clinical_table.ts";
import { endpointLabels, readSelected } from "./_study_data.ts";
import { readUnetFeatures } from "./_unet_features.ts";
import { lambdaRule, statsSettingsOf } from "../protocol/settings.ts";
import { truthRegionLookup } from "./_truth_regions.ts";

/** Visualise the selected features of the first endpoint (or `visualise.endpoint`). */
export const visualise = defineStudyStage({
  name: "visualise",
  source: import.meta.url,
  inputs: ["ingest", "crop", "train_ct", "train_pet", "extract_ct", "extract_pet", "select"],
  description: "activation maximisation, saliency maps of the selected features and their sanity checks",
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
    checks: spec.visualise.checks,
    crop: { sizeMm: spec.crop.size_mm, spacingMm: spec.crop.spacing_mm, center: spec.crop.center },
    topK: spec.stats.lasso.top_k,
    rule: lambdaRule(statsSettingsOf(spec).lasso),
  }),
  async run(ctx) {
    const p = ctx.params;
    const volumes: unknown[] = [];
    const checks: (MapCheck & { modality: Modality })[] = [];
    const concentrations: unknown[] = [];
    const write = async () => {
      await Deno.writeTextFile(join(ctx.outDir, "volumes.json"), JSON.stringify(volumes, null, 2));
      await Deno.writeTextFile(join(ctx.outDir, "checks.json"), JSON.stringify(checks));
      await Deno.writeTextFile(join(ctx.outDir, "concentration.json"), JSON.stringify(concentrations));
    };
    if (!p.enabled) return void (await write());
    const table = await readUnetFeatures(ctx.inputs, p.modalities);
    const selected = (await readSelected(ctx.inputs.select!)).get(p.endpoint.name) ?? [];
    const [labels] = endpointLabels(await readClinical(ctx.inputs.ingest!.dir), table.ids, [p.endpoint]);
    if (selected.length === 0) {
      ctx.warn(`no feature was selected for "${p.endpoint.name}": nothing to visualise`);
      return void (await write());
    }
    const columns = new Map(selected.map((f) => [f, column(table, f)]));
    const head = fitLogisticHead(columns, labels!.labels);
    const c = p.checks;
    const signalStart = performance.now();
    const evidence = c.enabled
      ? {
        permutedHeads: permutedHeads(columns, labels!.labels, { count: c.permutation_maps, seed: p.seed }),
        signal: outcomeSignal(table.matrix, labels!.labels, {
          permutations: c.permutations,
          seed: p.seed,
          folds: c.folds,
          topK: p.topK,
          rule: p.rule,
        }),
      }
      : undefined;
    let checkSeconds = (performance.now() - signalStart) / 1000;
    if (evidence) {
      ctx.metric({ name: "outcome_signal_auc", value: evidence.signal.auc });
      ctx.metric({ name: "outcome_signal_p", value: evidence.signal.pValue });
    }
    const picked = await selectBackend(p.backend === "auto" ? {} : { pin: p.backend as BackendName });
    ctx.info("backend", picked.name);
    const regions = await truthRegionLookup(ctx.inputs.ingest!.dir, p.crop);
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
            ...(regions ? { truthRegions: regions } : {}),
            ...(evidence
              ? {
                checks: {
                  evidence,
                  settings: {
                    randomisationSteps: c.randomisation_steps,
                    permutationMaps: c.permutation_maps,
                    maxSpearman: c.max_spearman,
                    maxSsim: c.max_ssim,
                    alpha: c.alpha,
                    deletionSteps: c.deletion_steps,
                    deletionFraction: c.deletion_fraction,
                    deletionDraws: c.deletion_draws,
                    seed: p.seed,
                  },
                },
              }
              : {}),
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
        checks.push(...summary.checks.map((k) => ({ modality, ...k })));
        concentrations.push(...summary.concentrations.map((k) => ({ modality, ...k })));
        checkSeconds += summary.checkSeconds;
        for (const method of new Set(summary.checks.map((k) => k.method))) {
          const mine = summary.checks.filter((k) => k.method === method);
          const share = (pass: (k: MapCheck) => boolean) => mine.filter(pass).length / mine.length;
          ctx.metric({ name: `model_check_pass/${modality}/${method}`, value: share((k) => k.model.pass) });
          ctx.metric({ name: `outcome_check_pass/${modality}/${method}`, value: share((k) => k.outcome.pass) });
          ctx.metric({ name: `deletion_check_pass/${modality}/${method}`, value: share((k) => k.deletion.pass) });
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
    ctx.info("checks_seconds", Number(checkSeconds.toFixed(2)));
    await write();
  },
});

function column(table: Awaited<ReturnType<typeof readUnetFeatures>>, name: string): Float64Array {
  const j = table.names.indexOf(name);
  return table.matrix.data.subarray(j * table.matrix.nRows, (j + 1) * table.matrix.nRows);
}
