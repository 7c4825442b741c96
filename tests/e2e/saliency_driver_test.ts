/**
 * Issue 8's driver check: does a saliency map of P(death) point at the image property that truly drives survival,
 * and not where nothing drives it? Built on the synthetic cohort, whose truth is known, at demo scale (60 patients,
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
 *   Compared with: the other vessel voxels of the crop, the tumour (with its necrotic core) and the one-voxel
 *   ring around the tumour (driver voxels left out).
 * - P(death): 2-year overall survival (the first endpoint, what the `visualise` stage explains); the 10
 *   features with the highest bootstrap LASSO inclusion (50 resamples) and an unpenalised logistic model on
 *   them, standardised, as the `visualise` stage fits it. Each cohort gets its own head on the same encoder.
 * - Maps: the three of `saliencyMaps()`, all from the same network and heads. Only positive values count
 *   (`saliencyConcentration`), for each map the same way: guided backprop's positive values; the plain
 *   gradient's positive part max(∂P/∂x, 0), the voxels whose brightening raises P(death); gradient × input's
 *   positive part max(x ∂P/∂x, 0) = x max(∂P/∂x, 0), as x (the CT windowed to [0, 1]) is never negative — the
 *   plain gradient weighted by brightness (lung ≈ 0.1, vessels and tumour ≈ 0.75).
 * - High-risk patients: the 10 (of 60) with the highest predicted P(death). Concentration: the share of a
 *   patient's positive mass inside the region over the region's share of the crop volume, averaged over the
 *   high-risk patients that have a driver region (4–7 of 10 on the vessel cohort, 3–7 on the null cohort).
 *
 * Measured on the project's 2-core machine (cpu+blas) with the current kernels in this configuration (cohort
 * seed 2019, training seed 42) and five others (cohort seeds 2020–2022; training seeds 1, 7); this
 * configuration's value, then the range over all six:
 *
 * | cohort, region        | guided backprop | plain gradient | gradient × input |
 * | --------------------- | --------------- | -------------- | ---------------- |
 * | vessel, driver        | 12.9 (4.2–12.9) | 3.6 (1.7–3.6)  | 8.0 (3.0–8.0)    |
 * | vessel, other vessels | 5.9 (4.6–7.9)   | 1.4 (1.2–1.8)  | 2.9 (2.6–5.1)    |
 * | vessel, tumour        | 1.0 (1.0–11.3)  | 1.6 (1.5–2.7)  | 4.7 (4.5–7.9)    |
 * | vessel, ring          | 1.4 (1.4–2.4)   | 1.8 (1.6–2.1)  | 2.1 (1.5–2.1)    |
 * | null, driver          | 5.0 (5.0–15.3)  | 1.7 (1.4–2.6)  | 3.7 (3.2–6.7)    |
 * | null, other vessels   | 8.4 (3.7–15.3)  | 1.6 (1.0–2.5)  | 3.7 (2.4–6.9)    |
 * | null, tumour          | 2.0 (0.9–13.3)  | 2.4 (1.2–2.7)  | 8.2 (4.1–8.7)    |
 * | null, ring            | 1.8 (1.4–2.7)   | 1.5 (1.3–2.2)  | 2.3 (1.5–2.5)    |
 *
 * The numbers move with the BLAS kernels' round-off: the same six runs with earlier kernels gave this
 * configuration 8.1× / 6.6× (guided, vessel / null driver) and ranges 5.7–23.4× / 2.7–15.1×; there the plain
 * gradient's null driver reached 3.8× once and guided backprop's and gradient × input's null driver fell under 3×
 * once. So each map's steps assert only what held in all six runs with both kernel versions and name the rest as
 * ignored steps, with their count at the current kernels. Issue 8's criterion — vessel cohort: the driver region
 * holds ≥ 3× its volume share; null cohort: no such concentration beyond the tumour itself, read as the driver
 * branch under 3× — holds in both halves in 0 of 6 runs for guided backprop, 2 of 6 for the plain gradient and 0
 * of 6 for gradient × input (earlier kernels: 1, 0 and 1 of 6). No map passes it.
 * - Guided backprop: vessel cohort ≥ 3× in every run; null cohort ≥ 3× in every run. Asserted: the vessel half,
 *   and on the null cohort the branch above the ring and under 3× the other vessels (ratio 0.6–2.2; vessel
 *   cohort 0.9–2.2, not asserted). It follows vessel tubes — thin, bright, high-contrast structures in dark lung —
 *   whatever drives the outcome, as Adebayo et al. ("Sanity checks for saliency maps", NeurIPS 2018) found
 *   guided backprop insensitive to what a model has learned.
 * - Gradient × input: the same pattern (both cohorts ≥ 3× in every run) and the same assertions (null branch /
 *   other vessels 0.5–2.0). Its mass follows brightness: the tumour holds more than the true driver on the
 *   vessel cohort in 3 of 6 runs, and branch ÷ other vessels is 1.0–2.8 on the vessel cohort against 0.5–2.0 on
 *   the null cohort.
 * - Plain gradient: the outcome-sensitive map barely concentrates anywhere (1.0–3.6× in every region), so it
 *   passes the null half in every run (earlier kernels: 5 of 6) but the vessel half in 2 (3.6× and 3.1×;
 *   earlier kernels: 1). Asserted: only the null branch under 3× the other vessels (0.6–1.9).
 * So on this model no map reliably singles the driver out from the other vessels: branch ÷ other vessels on the
 * vessel cohort (guided 0.9–2.2, plain 1.1–2.6, gradient × input 1.0–2.8) overlaps the null cohort's (0.6–2.2,
 * 0.6–1.9, 0.5–2.0). The plain gradient is the model's exact local sensitivity: the risk model — a logistic head
 * on 10 features of an encoder trained only to segment — is locally at most somewhat more sensitive to the contact
 * branch than to other vessels. It can still depend on contact as a whole (a first-order map misses what a
 * structure's presence does), and it picks contact up to some
 * degree: more of the vessel cohort's high-risk patients have a contact vessel (4–7 of 10 against 3–7; about 40 %
 * of all patients have one).
 * If an asserted step fails, or an ignored one holds in every run with more than one kernel version (the plain
 * gradient's null half now holds in all six with the current kernels), revisit issue 8's note.
 *
 * Issue 18's checks (`pipeline/visualise/saliency_checks.ts`, the `visualise` stage's defaults with a short deletion
 * curve) on the maps of the 3 highest-risk patients of each cohort, measured in this configuration:
 * - outcome check: the risk model's nested 5-fold cross-validated AUC (LASSO top-10 redone in each fold) against 19
 *   label permutations — null cohort 0.57 (p 0.20), vessel cohort 0.55 (p 0.25). The outcome check flags every map on
 *   both cohorts: the segmentation encoder's features carry no outcome signal this test can detect, not even the
 *   true driver. Asserted: every null-cohort map is flagged (the check's purpose); the vessel cohort is reported.
 * - model check (Adebayo et al.'s cascading randomisation of the encoder, ρ of |map| with the original once every
 *   block is re-initialised, mean over both cohorts' maps): gradient × input 0.29, guided backprop 0.12, plain
 *   gradient 0.10. Asserted: gradient × input above the plain gradient (its |map| keeps the input's structure; the
 *   tiny-network unit test agrees, 0.45 vs 0.29). Guided backprop's margin over the plain gradient is too small to
 *   assert (the tiny network has it the other way round, 0.27 vs 0.29): the published near-invariance of guided
 *   backprop does not reproduce clearly on these instance-normalised encoders.
 */
import assert from "node:assert/strict";
import type { SyntheticEffect } from "../../fixtures/synthetic/outcome_model.ts";
import { truthRegions } from "../../fixtures/synthetic/truth_regions.ts";
import { planCohort } from "../../fixtures/synthetic/plan_cohort.ts";
import { synthesizeCohort } from "../../fixtures/synthetic/synthesize_cohort.ts";
import { cropPatient } from "../../pipeline/imaging/crop_patient.ts";
import { selectBackend } from "../../pipeline/model/backends.ts";
import { featureName } from "../../pipeline/model/feature_names.ts";
import { normaliseIntensity } from "../../pipeline/model/normalise_intensity.ts";
import { trainUNet } from "../../pipeline/model/train.ts";
import { bottleneckShape, type UNet } from "../../pipeline/model/unet3d.ts";
import { deathProbability } from "../../pipeline/visualise/death_probability.ts";
import { fitLogisticHead } from "../../pipeline/visualise/fit_logistic_head.ts";
import { permutedHeads } from "../../pipeline/visualise/outcome_randomisation.ts";
import { outcomeSignal } from "../../pipeline/visualise/outcome_signal.ts";
import { checkSaliency, type MapCheck } from "../../pipeline/visualise/saliency_checks.ts";
import { saliencyConcentration } from "../../pipeline/visualise/saliency_concentration.ts";
import { saliencyMaps } from "../../pipeline/visualise/saliency_maps.ts";
import { selectPatients } from "../../pipeline/visualise/select_patients.ts";
import { unitActivations } from "../../pipeline/visualise/unit_activations.ts";
import { binaryEndpoint } from "../../stats/binary_endpoint.ts";
import { bootstrapInclusion } from "../../stats/bootstrap_inclusion.ts";
import { featureMatrix } from "../../stats/feature_matrix.ts";
import { createRng } from "../../stats/random.ts";
import { join } from "node:path";
import { loadSpec } from "../../pipeline/study/load_spec.ts";
import { unetConfigOf } from "../../pipeline/study/stages/unet_config_of.ts";
import { ROOT } from "../_helpers/temp_workspace.ts";

const PATIENTS = 60;
const COHORT_SEED = 2019;
const TRAIN_SEED = 42;
const HIGH_RISK = 10;
const BAR = 3;
const CROP = { sizeMm: [96, 96, 48], spacingMm: [3, 3, 3] } as const;
const NORMALISATION = { kind: "ct", window: [-1000, 400] } as const;
/** The demo's CT U-Net (`experiments/demo.yaml`). */
const CONFIG = unetConfigOf((await loadSpec(join(ROOT, "experiments", "demo.yaml"))).variants[0]!.spec);

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

function cases(): Case[] {
  return synthesizeCohort({ patients: PATIENTS, seed: COHORT_SEED, effect: "none", geometry: "demo" }).patients.map(
    (p) => {
      const crop = cropPatient(p.images, CROP);
      const truth = truthRegions(p.images, CROP);
      return {
        id: p.id,
        hu: Float32Array.from(crop.ct.data),
        image: normaliseIntensity(Float32Array.from(crop.ct.data), NORMALISATION),
        mask: Uint8Array.from(crop.mask.data),
        driver: truth.contactVessel,
        otherVessels: truth.otherVessels,
        tumour: truth.tumour,
        shell: truth.ring,
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
  const selected = new Map([...inclusion.top].map((j) => [names[j]!, columns[j]!]));
  const model = { unet, modality: "ct" as const, head: fitLogisticHead(selected, labels) };
  return { model, matrix: featureMatrix(columns), labels, selected };
}

/** Mean of the finite values (a crop may hold no other vessel). */
function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.reduce((s, v) => s + v, 0) / finite.length;
}

/** The maps compared, by their field in `SaliencyMaps`; only positive values count (`saliencyConcentration`). */
const METHODS = {
  guided: "guided backprop",
  gradient: "plain gradient",
  gradientTimesInput: "gradient × input",
} as const;
type Method = keyof typeof METHODS;
const REGIONS = ["driver", "otherVessels", "tumour", "shell"] as const;
type Region = typeof REGIONS[number];
type Ratios = Readonly<Record<Region, number>>;

/** Mean concentration ratios per map over the high-risk patients that have a driver region. */
function concentrations(unet: UNet, all: readonly Case[], effect: SyntheticEffect) {
  const { model } = riskModel(unet, all, effect);
  const risks = deathProbability(model, all.map((c) => c.image));
  const { highest } = selectPatients(all.map((c) => c.id), risks, { perEnd: HIGH_RISK });
  const withDriver = highest.map((id) => all.find((c) => c.id === id)!).filter((c) => c.driver.some((v) => v === 1));
  const perPatient = withDriver.map((c) => {
    const maps = saliencyMaps(model, c.image);
    return (method: Method, region: Region) => saliencyConcentration(maps[method], c[region]).ratio;
  });
  const byMethod = (method: Method): Ratios =>
    Object.fromEntries(REGIONS.map((r) => [r, mean(perPatient.map((ratio) => ratio(method, r)))])) as Ratios;
  return {
    n: withDriver.length,
    guided: byMethod("guided"),
    gradient: byMethod("gradient"),
    gradientTimesInput: byMethod("gradientTimesInput"),
  };
}

/** Settings of the map checks here: the stage's defaults, with a short deletion curve (not asserted here). */
const CHECK_SETTINGS = {
  randomisationSteps: 4,
  permutationMaps: 2,
  maxSpearman: 0.5,
  maxSsim: 0.5,
  alpha: 0.05,
  deletionSteps: 2,
  deletionFraction: 0.1,
  deletionDraws: 1,
  seed: 42,
};
const CHECKED = 3;

/** The `visualise` stage's checks on the maps of the `CHECKED` highest-risk patients of a cohort. */
function mapChecks(unet: UNet, all: readonly Case[], effect: SyntheticEffect) {
  const { model, matrix, labels, selected } = riskModel(unet, all, effect);
  const signal = outcomeSignal(matrix, labels, { permutations: 19, seed: 42, folds: 5, topK: 10 });
  const evidence = { signal, permutedHeads: permutedHeads(selected, labels, { count: 2, seed: 42 }) };
  const risks = deathProbability(model, all.map((c) => c.image));
  const { highest } = selectPatients(all.map((c) => c.id), risks, { perEnd: CHECKED });
  const checks: MapCheck[] = highest.map((id) => all.find((c) => c.id === id)!).flatMap((c) =>
    checkSaliency(model, c, saliencyMaps(model, c.image), evidence, CHECK_SETTINGS)
  );
  return { signal, checks };
}

/** Mean ρ with the original map with every encoder block re-initialised, per method. */
function randomisedRho(checks: readonly MapCheck[], method: Method): number {
  const rows = checks.filter((c) => c.method === method).map((c) => c.model.steps.at(-1)!.spearman);
  return rows.reduce((s, v) => s + v, 0) / rows.length;
}

const fmt = (x: number) => x.toFixed(1);
const row = (c: Ratios) =>
  `driver ${fmt(c.driver)}×, other vessels ${fmt(c.otherVessels)}×, ` +
  `tumour ${fmt(c.tumour)}×, ring ${fmt(c.shell)}×`;

/** The checks on one map's row (`v` vessel cohort, `z` null cohort); the first two are issue 8's criterion. */
const CHECKS = {
  issueDriver: { label: `vessel cohort: driver ≥ ${BAR}× (issue 8)`, holds: (v: Ratios) => v.driver >= BAR },
  issueNull: { label: `null cohort: driver < ${BAR}× (issue 8)`, holds: (_: Ratios, z: Ratios) => z.driver < BAR },
  aboveRing: {
    label: "null cohort: driver > tumour-adjacent ring",
    holds: (_: Ratios, z: Ratios) => z.driver > 1 && z.driver > z.shell,
  },
  notVesselSpecific: {
    label: `null cohort: driver < ${BAR}× other vessels`,
    holds: (_: Ratios, z: Ratios) => z.driver < BAR * z.otherVessels,
  },
} as const;
type Check = keyof typeof CHECKS;

/**
 * Per map, the checks not asserted, with how often they held in the six measured configurations (see the header).
 * They run as ignored steps whose names give this run's result; the other checks held in all six and are asserted.
 */
const NOT_ASSERTED: Readonly<Record<Method, Readonly<Partial<Record<Check, string>>>>> = {
  guided: { issueNull: "held in 0 of 6 runs" },
  gradient: { issueDriver: "held in 2 of 6 runs", issueNull: "held in 6 of 6 runs", aboveRing: "held in 4 of 6 runs" },
  gradientTimesInput: { issueNull: "held in 0 of 6 runs" },
};

Deno.test("saliencyMaps() on the synthetic cohorts: no map passes issue 8's driver check", async (t) => {
  await selectBackend();
  const all = cases();
  const trained = await trainUNet(all.map((c) => ({ id: c.id, image: c.hu, mask: c.mask })), {
    config: CONFIG,
    normalisation: NORMALISATION,
    epochs: 6,
    batchSize: 2,
    learningRate: 0.003,
    patience: 5,
    seed: TRAIN_SEED,
  });
  const unet = trained.model;
  try {
    assert.ok(
      trained.bestValDice > 0.7,
      `validation Dice ${trained.bestValDice}: the encoder did not learn the tumour`,
    );
    const vessel = concentrations(unet, all, "vessel");
    const none = concentrations(unet, all, "none");
    assert.ok(vessel.n >= 3 && none.n >= 3, `too few high-risk patients with a driver region: ${vessel.n}, ${none.n}`);
    for (const method of Object.keys(METHODS) as Method[]) {
      const v = vessel[method];
      const z = none[method];
      const name = `${METHODS[method]} — vessel cohort (${vessel.n} of ${HIGH_RISK}): ${row(v)} | ` +
        `null cohort (${none.n} of ${HIGH_RISK}): ${row(z)}`;
      await t.step(name, async (t) => {
        for (const check of Object.keys(CHECKS) as Check[]) {
          const { label, holds } = CHECKS[check];
          const notAsserted = NOT_ASSERTED[method][check];
          await t.step({
            name: notAsserted === undefined
              ? label
              : `${label}: ${holds(v, z) ? "holds" : "fails"} here; not asserted, ${notAsserted}`,
            ignore: notAsserted !== undefined,
            fn: () => assert.ok(holds(v, z), `vessel cohort: ${row(v)}; null cohort: ${row(z)}`),
          });
        }
      });
    }
    const checked = { vessel: mapChecks(unet, all, "vessel"), none: mapChecks(unet, all, "none") };
    const z = checked.none;
    await t.step(
      `outcome check on the null cohort (nested CV AUC ${z.signal.auc.toFixed(2)}, permutation p ${
        z.signal.pValue.toFixed(2)
      }): flags all ${z.checks.length} maps`,
      () => assert.deepEqual(z.checks.filter((c) => c.outcome.pass), []),
    );
    const both = [...checked.vessel.checks, ...z.checks];
    const rho = Object.fromEntries((Object.keys(METHODS) as Method[]).map((m) => [m, randomisedRho(both, m)]));
    await t.step(
      `model check (Adebayo et al.): with the encoder re-initialised, gradient × input stays closer to its map than ` +
        `the plain gradient (ρ ${rho.gradientTimesInput!.toFixed(2)} vs ${rho.gradient!.toFixed(2)})`,
      () => assert.ok(rho.gradientTimesInput! > rho.gradient!),
    );
    await t.step({
      name: `model check: guided backprop ρ ${rho.guided!.toFixed(2)} vs plain gradient ${rho.gradient!.toFixed(2)} ` +
        `(not asserted: 0.12 vs 0.10 when measured, too close to survive round-off; Adebayo et al. found guided ` +
        `backprop nearly invariant, these instance-normalised encoders do not show it clearly)`,
      ignore: true,
      fn: () => assert.ok(rho.guided! > rho.gradient!),
    });
    const v = checked.vessel;
    await t.step({
      name: `vessel cohort: nested CV AUC ${v.signal.auc.toFixed(2)}, permutation p ${v.signal.pValue.toFixed(2)}; ` +
        `outcome check passed by ${v.checks.filter((c) => c.outcome.pass).length} of ${v.checks.length} maps ` +
        `(not asserted: measured, see the README)`,
      ignore: true,
      fn: () => {},
    });
  } finally {
    unet.dispose();
  }
});
