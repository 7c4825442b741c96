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
 * What the issue asks and what holds. Measured on the project's 2-core machine (cpu+blas) in this configuration
 * (cohort seed 2019, training seed 42) and five others (cohort seeds 2020–2022; training seeds 1, 7). The numbers
 * move with the BLAS kernels' round-off (a kernel change moved this configuration from 6.9× / 8.9× to
 * 8.1× / 6.6×), so the steps assert only what held in every run:
 * - vessel cohort, driver region ≥ 3× its volume share: holds (8.1×; other runs 5.7–23.4×);
 * - null cohort, "no such concentration beyond the tumour itself": does not hold. The same branch holds 6.6×
 *   (other runs 2.7–15.1×, ≥ 3× in all but one), more than the tumour-adjacent ring in every run (1.6×;
 *   1.5–2.8×); the tumour itself holds 2.4× (1.0–14.2×, more than the branch in one run). The step asserts the
 *   robust part: more than the ring;
 * - why: on the null cohort the branch holds less than 3× what the vessels that drive nothing hold (other
 *   vessels of the same crops: ratio 0.7; 0.4–2.3), and on the vessel cohort mostly not more either (2.0;
 *   0.8–7.8, not asserted). Guided backpropagation of this encoder follows vessel tubes — thin, bright,
 *   high-contrast structures in dark lung — whatever drives the outcome, as Adebayo et al. ("Sanity checks for
 *   saliency maps", NeurIPS 2018) found guided backprop insensitive to what a model has learned. What does
 *   differ: more of the vessel cohort's high-risk patients have a contact vessel in the crop (6–8 of 10 against
 *   3–6 on the null cohort; about 40 % of all patients have one), so the risk model picks up vessel contact to
 *   some degree even though its maps do not single the branch out.
 * If the null steps fail, the maps may have become outcome-specific: revisit issue 8's note.
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
  /** The one-voxel ring around the tumour (26-neighbourhood), driver voxels left out: the tumour-adjacent baseline. */
  readonly shell: Uint8Array;
}

/** Voxels within one voxel (26-neighbourhood) of `region` but outside it; x fastest on `dims`. */
function ring(region: Uint8Array, dims: readonly number[]): Uint8Array {
  const [nx, ny, nz] = dims as [number, number, number];
  const out = new Uint8Array(region.length);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (region[i + nx * (j + ny * k)] === 0) continue;
        for (let c = Math.max(0, k - 1); c <= Math.min(nz - 1, k + 1); c++) {
          for (let b = Math.max(0, j - 1); b <= Math.min(ny - 1, j + 1); b++) {
            for (let a = Math.max(0, i - 1); a <= Math.min(nx - 1, i + 1); a++) out[a + nx * (b + ny * c)] = 1;
          }
        }
      }
    }
  }
  return out.map((v, o) => (v === 1 && region[o] === 0 ? 1 : 0));
}

function cases(): Case[] {
  return synthesizeCohort({ patients: PATIENTS, seed: COHORT_SEED, effect: "none", geometry: "demo" }).patients.map(
    (p) => {
      const crop = cropPatient(p.images, CROP);
      const labels = cropLabelVolume(p.images.labels, p.images.mask, CROP).data;
      const driver = cropLabelVolume(p.images.contactVessel, p.images.mask, CROP).data;
      const tumour = labels.map((l) => (l === TISSUE.tumour || l === TISSUE.necrosis ? 1 : 0));
      return {
        id: p.id,
        hu: Float32Array.from(crop.ct.data),
        image: normaliseIntensity(Float32Array.from(crop.ct.data), NORMALISATION),
        mask: Uint8Array.from(crop.mask.data),
        driver,
        otherVessels: labels.map((l, o) => (l === TISSUE.vessel && driver[o] === 0 ? 1 : 0)),
        tumour,
        shell: ring(tumour, crop.ct.dims).map((v, o) => (driver[o] === 1 ? 0 : v)),
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
      shell: saliencyConcentration(guided, c.shell).ratio,
    };
  });
  return {
    n: withDriver.length,
    driver: mean(ratios.map((r) => r.driver)),
    otherVessels: mean(ratios.map((r) => r.otherVessels)),
    tumour: mean(ratios.map((r) => r.tumour)),
    shell: mean(ratios.map((r) => r.shell)),
  };
}

const fmt = (x: number) => x.toFixed(1);

Deno.test("saliencyMaps() on the synthetic cohorts: guided backprop concentrates on the contact vessel whether it drives survival or not", async (t) => {
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
      `driver ${fmt(c.driver)}×, other vessels ${fmt(c.otherVessels)}×, tumour ${fmt(c.tumour)}×, ` +
      `tumour-adjacent ring ${fmt(c.shell)}× ` +
      `over ${c.n} of ${HIGH_RISK} high-risk patients`;
    assert.ok(vessel.n >= 3 && none.n >= 3, `too few high-risk patients with a driver region: ${vessel.n}, ${none.n}`);
    await t.step(`vessel cohort: the driver region holds ≥ ${BAR}× its volume share (${seen(vessel)})`, () => {
      assert.ok(vessel.driver >= BAR, seen(vessel));
    });
    await t.step(
      `null cohort: the driver branch still holds more than the tumour-adjacent ring — the issue asks for nothing beyond the tumour (${
        seen(none)
      })`,
      () => {
        assert.ok(none.driver > 1 && none.driver > none.shell, seen(none));
      },
    );
    const specificity = `driver / other vessels: ${fmt(none.driver / none.otherVessels)}; ` +
      `vessel cohort, not asserted: ${fmt(vessel.driver / vessel.otherVessels)}`;
    await t.step(`null cohort: the driver branch holds < ${BAR}× what the other vessels hold (${specificity})`, () => {
      assert.ok(none.driver < BAR * none.otherVessels, seen(none));
    });
  } finally {
    unet.dispose();
  }
});
