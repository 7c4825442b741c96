/**
 * Issue 8's driver check: does guided-backpropagation saliency of P(death) point at the image property that
 * truly drives survival? Built on the synthetic cohort, whose truth is known, at demo scale (60 patients,
 * demo crop 32 × 32 × 16 voxels at 3 mm, the demo CT U-Net trained 6 epochs, as in `effect_test.ts`).
 *
 * - Cohorts. The images do not depend on the effect preset (`planCohort`), so one CT U-Net, trained on the
 *   contours only, serves both cohorts; only the outcomes differ. `vessel`: vessel contact is the only image
 *   driver of survival (log hazard ratio 2, `outcome_model.ts`) — the demo's `strong` cohort mixes four
 *   drivers and is led by tumour burden, so it has no single known driver. `none`: survival does not depend
 *   on the images.
 * - True driver region: the crop voxels of the vessel branch routed into the tumour (`contactVessel` of the
 *   synthetic images: voxels labelled vessel that this branch alone covers at least half), cropped exactly like
 *   the CT (`cropLabelVolume`, nearest neighbour). Patients without vessel contact have no driver region.
 * - P(death): 2-year overall survival (the first endpoint, what the `visualise` stage explains); the 10
 *   features with the highest bootstrap LASSO inclusion (50 resamples) and an unpenalised logistic model on
 *   them, standardised, as the `visualise` stage fits it.
 * - High-risk patients: the 10 (of 60) with the highest predicted P(death). Concentration: the share of a
 *   patient's positive guided-backprop mass inside the region over the region's share of the crop volume
 *   (`saliencyConcentration`), averaged over the high-risk patients that have a driver region.
 *
 * What the issue asks and what holds (measured on the project's 2-core machine, cpu+blas). On the vessel cohort
 * the driver region holds ≥ 3× its volume share (6.9×, over the 7 high-risk patients with a contact vessel):
 * that part holds. "On the null cohort no such concentration beyond the tumour itself" does not: the same
 * branch holds 8.9× on the null cohort, the tumour itself about 2× in both; and in both cohorts the driver
 * branch holds about as much as the vessels that drive nothing (other vessels of the same crops: 5.1× and
 * 6.4×). Guided backpropagation of this encoder follows vessel tubes — thin, bright, high-contrast structures
 * in dark lung — whatever drives the outcome, as Adebayo et al. ("Sanity checks for saliency maps", NeurIPS
 * 2018) found guided backprop insensitive to what a model has learned. (Another bootstrap seed gave 6.8×
 * and 7.9×, the same picture; plain gradient and gradient × input also favour the branch on both cohorts.)
 * This test pins that finding with the issue's 3× bar: if the null or the specificity step fails, the maps
 * have become outcome-specific and issue 8's note should be revisited.
 */
import assert from "node:assert/strict";
import { cropLabelVolume } from "../../fixtures/synthetic/crop_label_volume.ts";
import type { SyntheticEffect } from "../../fixtures/synthetic/outcome_model.ts";
import { TISSUE } from "../../fixtures/synthetic/paint_thorax.ts";
import { planCohort } from "../../fixtures/synthetic/plan_cohort.ts";
import { synthesizeCohort } from "../../fixtures/synthetic/synthesize_cohort.ts";
import { cropPatient } from "../../pipeline/imaging/crop_patient.ts";
import { selectBackend } from "../../pipeline/model/backends.ts";
import { featureName } from "../../pipeline/model/feature_names.ts";
import { normaliseIntensity } from "../../pipeline/model/normalise_intensity.ts";
import { trainUNet } from "../../pipeline/model/train.ts";
import { bottleneckShape, type UNet } from "../../pipeline/model/unet3d.ts";
import { deathProbability } from "../../pipeline/visualise/death_probability.ts";
import { logisticHead } from "../../pipeline/visualise/logistic_head.ts";
import { saliencyConcentration } from "../../pipeline/visualise/saliency_concentration.ts";
import { saliencyMaps } from "../../pipeline/visualise/saliency_maps.ts";
import { selectPatients } from "../../pipeline/visualise/select_patients.ts";
import { unitActivations } from "../../pipeline/visualise/unit_activations.ts";
import { binaryEndpoint } from "../../stats/binary_endpoint.ts";
import { bootstrapInclusion } from "../../stats/bootstrap_inclusion.ts";
import { featureMatrix } from "../../stats/feature_matrix.ts";
import { logisticRegression } from "../../stats/logistic_regression.ts";
import { createRng } from "../../stats/random.ts";

const PATIENTS = 60;
const COHORT_SEED = 2019;
const HIGH_RISK = 10;
const BAR = 3;
const CROP = { sizeMm: [96, 96, 48], spacingMm: [3, 3, 3] } as const;
const NORMALISATION = { kind: "ct", window: [-1000, 400] } as const;
const CONFIG = {
  inputShape: [16, 32, 32],
  depth: 3,
  baseChannels: 8,
  bottleneckChannels: 16,
  norm: "instance",
  dropout: 0,
} as const;

/** One patient's normalised CT crop and its truth regions on the crop grid (x fastest). */
interface Case {
  readonly id: string;
  /** CT crop in HU (what the U-Net is trained on) and normalised (what the visualisation differentiates). */
  readonly hu: Float32Array;
  readonly image: Float32Array;
  readonly mask: Uint8Array;
  /** The tumour-touching vessel branch (empty without vessel contact). */
  readonly driver: Uint8Array;
  /** Every other vessel voxel. */
  readonly otherVessels: Uint8Array;
  /** Tumour and necrotic core. */
  readonly tumour: Uint8Array;
}

function cases(): Case[] {
  return synthesizeCohort({ patients: PATIENTS, seed: COHORT_SEED, effect: "none", geometry: "demo" }).patients.map(
    (p) => {
      const crop = cropPatient(p.images, CROP);
      const labels = cropLabelVolume(p.images.labels, p.images.mask, CROP).data;
      const driver = cropLabelVolume(p.images.contactVessel, p.images.mask, CROP).data;
      return {
        id: p.id,
        hu: Float32Array.from(crop.ct.data),
        image: normaliseIntensity(Float32Array.from(crop.ct.data), NORMALISATION),
        mask: Uint8Array.from(crop.mask.data),
        driver,
        otherVessels: labels.map((l, o) => (l === TISSUE.vessel && driver[o] === 0 ? 1 : 0)),
        tumour: labels.map((l) => (l === TISSUE.tumour || l === TISSUE.necrosis ? 1 : 0)),
      };
    },
  );
}

/** The 10 top-inclusion features for 2-year OS and the logistic head on them (as the `visualise` stage fits it). */
function riskModel(unet: UNet, all: readonly Case[], effect: SyntheticEffect) {
  const outcomes = planCohort({ patients: PATIENTS, seed: COHORT_SEED, effect }).patients.map((p) => p.outcome);
  const { labels } = binaryEndpoint(outcomes.map((o) => o.osMonths), outcomes.map((o) => o.osEvent), { horizon: 24 });
  const count = bottleneckShape(CONFIG).reduce((a, b) => a * b, 1);
  const names = Array.from({ length: count }, (_, i) => featureName("ct", i, { count }));
  const activations = unitActivations(unet, all.map((c) => c.image), { units: names });
  const columns = names.map((name) => activations.get(name)!);
  const inclusion = bootstrapInclusion(featureMatrix(columns), labels, {
    rng: createRng(42, "saliency-driver"),
    resamples: 50,
    topK: 10,
    rule: { kind: "nonzero", count: 10 },
  });
  const selected = [...inclusion.top];
  const means: Record<string, number> = {};
  const scales: Record<string, number> = {};
  const standardised = selected.map((j) => {
    const x = columns[j]!;
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length) || 1;
    means[names[j]!] = mean;
    scales[names[j]!] = sd;
    return x.map((v) => (v - mean) / sd);
  });
  const y = labels.map((v) => (Number.isNaN(v) ? 0 : v));
  const weights = labels.map((v) => (Number.isNaN(v) ? 0 : 1));
  const fit = logisticRegression(featureMatrix(standardised), y, { weights });
  const coefficients = Object.fromEntries(selected.map((j, k) => [names[j]!, fit.coefficients[k + 1]!]));
  return { unet, modality: "ct" as const, head: logisticHead(fit.coefficients[0]!, coefficients, { means, scales }) };
}

/** Mean of the finite values (a crop may hold no other vessel). */
function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.reduce((s, v) => s + v, 0) / finite.length;
}

/** Mean concentration ratios of guided backprop over the high-risk patients that have a driver region. */
function concentrations(unet: UNet, all: readonly Case[], effect: SyntheticEffect) {
  const model = riskModel(unet, all, effect);
  const risks = deathProbability(model, all.map((c) => c.image));
  const { highest } = selectPatients(all.map((c) => c.id), risks, { perEnd: HIGH_RISK });
  const withDriver = highest.map((id) => all.find((c) => c.id === id)!).filter((c) => c.driver.some((v) => v === 1));
  const ratios = withDriver.map((c) => {
    const { guided } = saliencyMaps(model, c.image);
    return {
      driver: saliencyConcentration(guided, c.driver).ratio,
      otherVessels: saliencyConcentration(guided, c.otherVessels).ratio,
      tumour: saliencyConcentration(guided, c.tumour).ratio,
    };
  });
  return {
    n: withDriver.length,
    driver: mean(ratios.map((r) => r.driver)),
    otherVessels: mean(ratios.map((r) => r.otherVessels)),
    tumour: mean(ratios.map((r) => r.tumour)),
  };
}

const fmt = (x: number) => x.toFixed(1);

Deno.test("saliencyMaps() on the synthetic cohorts: guided backprop concentrates on the contact vessel, driver or not", async (t) => {
  await selectBackend();
  const all = cases();
  const trained = await trainUNet(all.map((c) => ({ id: c.id, image: c.hu, mask: c.mask })), {
    config: CONFIG,
    normalisation: NORMALISATION,
    epochs: 6,
    batchSize: 2,
    learningRate: 0.003,
    patience: 5,
    seed: 42,
  });
  const unet = trained.model;
  try {
    assert.ok(
      trained.bestValDice > 0.7,
      `validation Dice ${trained.bestValDice}: the encoder did not learn the tumour`,
    );
    const vessel = concentrations(unet, all, "vessel");
    const none = concentrations(unet, all, "none");
    const seen = (c: typeof vessel) =>
      `driver ${fmt(c.driver)}×, other vessels ${fmt(c.otherVessels)}×, tumour ${fmt(c.tumour)}× ` +
      `over ${c.n} of ${HIGH_RISK} high-risk patients`;
    assert.ok(vessel.n >= 3 && none.n >= 3, `too few high-risk patients with a driver region: ${vessel.n}, ${none.n}`);
    await t.step(`vessel cohort: the driver region holds ≥ ${BAR}× its volume share (${seen(vessel)})`, () => {
      assert.ok(vessel.driver >= BAR, seen(vessel));
    });
    await t.step(`null cohort: the same concentration, against the issue's ask (${seen(none)})`, () => {
      assert.ok(none.driver >= BAR, seen(none));
      assert.ok(none.driver > none.tumour, seen(none));
    });
    const specificity = `driver / other vessels: ${fmt(vessel.driver / vessel.otherVessels)} (vessel cohort), ` +
      `${fmt(none.driver / none.otherVessels)} (null cohort)`;
    await t.step(
      `both cohorts: the driver branch is not singled out ${BAR}× among the vessels (${specificity})`,
      () => {
        for (const c of [vessel, none]) assert.ok(c.driver < BAR * c.otherVessels, seen(c));
      },
    );
  } finally {
    unet.dispose();
  }
});
