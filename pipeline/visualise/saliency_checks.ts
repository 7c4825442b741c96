/**
 * The checks a sceptical reader of a saliency map asks for, run on every map the `visualise` stage draws:
 * - **model check** (Adebayo et al. 2018, cascading randomisation): the map recomputed with the encoder's
 *   blocks re-initialised from the bottleneck down; it passes when, with every block randomised, both its
 *   Spearman rank correlation and its SSIM with the original map fall under their thresholds;
 * - **outcome check** (their data randomisation, adapted): the map recomputed with the logistic head refitted
 *   on permuted outcomes; it passes when the mean similarity to those maps falls under the thresholds **and**
 *   the risk model carries outcome signal at all (the permutation p-value of its nested cross-validated AUC,
 *   {@linkcode outcomeSignal}, at most `alpha`): a head fitted to noise also changes when the noise is permuted;
 * - **deletion check** (faithfulness): deleting the voxels the map ranks highest moves P(death) more than
 *   deleting voxels in random order, in every random draw ({@linkcode deletionCurves}).
 *
 * A map that is zero everywhere (e.g. guided backpropagation where every unit of the head is silent) fails
 * all three: it says nothing.
 *
 * @module
 */
import { deletionCurves } from "./deletion_curve.ts";
import type { RiskModel } from "./death_probability.ts";
import type { LogisticHead } from "./logistic_head.ts";
import { type MapSimilarity, mapSimilarity } from "./map_similarity.ts";
import { cascadingRandomisation } from "./model_randomisation.ts";
import type { OutcomeSignal } from "./outcome_signal.ts";
import { SALIENCY_METHODS, type SaliencyMaps, saliencyMaps, type SaliencyMethod } from "./saliency_maps.ts";

/** Settings of the checks (the spec's `visualise.checks`). */
export interface SaliencyCheckSettings {
  /** Encoder blocks re-initialised, from the bottleneck down (more than the encoder has: all of them). */
  readonly randomisationSteps: number;
  /** Permuted-outcome heads whose maps are compared with the real one. */
  readonly permutationMaps: number;
  /** A similarity passes when Spearman's ρ is below this. */
  readonly maxSpearman: number;
  /** A similarity passes when the SSIM is below this. */
  readonly maxSsim: number;
  /** Largest permutation p-value of the outcome signal for the outcome check to pass. */
  readonly alpha: number;
  /** Deletion steps, fraction deleted at the last one, random draws. */
  readonly deletionSteps: number;
  readonly deletionFraction: number;
  readonly deletionDraws: number;
  /** Seed of the re-initialisation and the random deletion orders. */
  readonly seed: number;
}

/** The verdicts and measurements of one map. */
export interface MapCheck {
  readonly patient: string;
  readonly method: SaliencyMethod;
  /** The map is zero everywhere: it says nothing, and every check fails. */
  readonly empty: boolean;
  readonly model: {
    /** Similarity with the original map after each cascade step (`block`: the lowest block randomised). */
    readonly steps: readonly (MapSimilarity & { readonly block: string })[];
    readonly pass: boolean;
  };
  readonly outcome: {
    /** Similarity with the map of each permuted-outcome head. */
    readonly maps: readonly MapSimilarity[];
    /** Their means. */
    readonly spearman: number;
    readonly ssim: number;
    /** The maps change under permuted outcomes. */
    readonly changes: boolean;
    /** The risk model's nested cross-validated AUC and its permutation p-value. */
    readonly signalAuc: number;
    readonly signalP: number;
    readonly pass: boolean;
  };
  readonly deletion: {
    readonly fractions: readonly number[];
    /** P(death) as the map's top voxels are deleted (index 0: intact). */
    readonly curve: readonly number[];
    /** P(death) under random deletion, one curve per draw. */
    readonly random: readonly (readonly number[])[];
    /** Mean |P_k − P_0| along the map's curve, and along the random ones (mean, SD over draws). */
    readonly effect: number;
    readonly randomEffect: number;
    readonly randomSpread: number;
    readonly pass: boolean;
  };
  /** The verdicts in words, model, outcome, deletion. */
  readonly verdicts: readonly [string, string, string];
}

/** What the outcome check needs beyond the model: the permuted-outcome heads and the signal test. */
export interface OutcomeEvidence {
  readonly permutedHeads: readonly LogisticHead[];
  readonly signal: OutcomeSignal;
}

function effect(curve: readonly number[]): number {
  let s = 0;
  for (let k = 1; k < curve.length; k++) s += Math.abs(curve[k]! - curve[0]!);
  return curve.length > 1 ? s / (curve.length - 1) : 0;
}

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");

/**
 * Run the three checks on the maps of one patient.
 *
 * @param model encoder, modality and the real logistic head (the encoder's weights change during the call and are restored)
 * @param patient id, normalised image and fixed terms
 * @param maps the patient's maps under the real model
 * @param evidence permuted-outcome heads and the outcome-signal test
 * @param settings thresholds, steps, draws, seed
 * @returns one check per method, in {@linkcode SALIENCY_METHODS} order
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "../model/unet3d.ts";
 * import { logisticHead } from "./logistic_head.ts";
 * import { saliencyMaps } from "./saliency_maps.ts";
 * import { checkSaliency } from "./saliency_checks.ts";
 * const unet = unet3d({ inputShape: [4, 4, 4], depth: 1, baseChannels: 2, bottleneckChannels: 2, norm: "none", dropout: 0 }, { seed: 1 });
 * const model = { unet, modality: "ct" as const, head: logisticHead(0, { C00001: 1, C00002: -1 }) };
 * const image = Float32Array.from({ length: 64 }, (_, i) => (i % 5) / 5);
 * const checks = checkSaliency(model, { id: "p1", image }, saliencyMaps(model, image), {
 *   permutedHeads: [logisticHead(0, { C00001: -1, C00002: 2 })],
 *   signal: { auc: 0.5, permutedAuc: [0.6], pValue: 1 },
 * }, { randomisationSteps: 9, permutationMaps: 1, maxSpearman: 0.5, maxSsim: 0.5, alpha: 0.05, deletionSteps: 2, deletionFraction: 0.25, deletionDraws: 2, seed: 3 });
 * assert.deepEqual(checks.map((c) => c.method), ["gradient", "gradientTimesInput", "guided"]);
 * assert.equal(checks[0]!.model.steps.length, 2);
 * assert.equal(checks[0]!.outcome.pass, false); // no outcome signal (p = 1)
 * unet.dispose();
 * ```
 */
export function checkSaliency(
  model: RiskModel,
  patient: { readonly id: string; readonly image: Float32Array; readonly fixedFeatures?: ReadonlyMap<string, number> },
  maps: SaliencyMaps,
  evidence: OutcomeEvidence,
  settings: SaliencyCheckSettings,
): MapCheck[] {
  const shape = model.unet.config.inputShape;
  const fixed = patient.fixedFeatures ? { fixedFeatures: patient.fixedFeatures } : {};
  const recompute = (m: RiskModel) => saliencyMaps(m, patient.image, { ...fixed, of: "logit" });
  const cascade = cascadingRandomisation(
    model.unet,
    { steps: settings.randomisationSteps, seed: settings.seed },
    () => recompute(model),
  );
  const permuted = evidence.permutedHeads.slice(0, settings.permutationMaps).map((head) =>
    recompute({ ...model, head })
  );
  const deletion = deletionCurves(
    model,
    patient.image,
    Object.fromEntries(SALIENCY_METHODS.map(({ key }) => [key, maps[key]])),
    {
      steps: settings.deletionSteps,
      maxFraction: settings.deletionFraction,
      draws: settings.deletionDraws,
      seed: settings.seed,
      ...fixed,
    },
  );
  const randomEffects = deletion.random.map(effect);
  const randomEffect = mean(randomEffects);
  const randomSpread = Math.sqrt(mean(randomEffects.map((e) => (e - randomEffect) ** 2)));
  const falls = (s: MapSimilarity) => s.spearman < settings.maxSpearman && s.ssim < settings.maxSsim;
  return SALIENCY_METHODS.map(({ key }) => {
    const empty = maps[key].every((v) => v === 0);
    const steps = cascade.map((c) => ({ block: c.block, ...mapSimilarity(maps[key], c.result[key], shape) }));
    const last = steps.at(-1);
    const modelPass = !empty && last !== undefined && falls(last);
    const outcomeMaps = permuted.map((p) => mapSimilarity(maps[key], p[key], shape));
    const spearman = mean(outcomeMaps.map((s) => s.spearman));
    const ssim = mean(outcomeMaps.map((s) => s.ssim));
    const changes = !empty && outcomeMaps.length > 0 && falls({ spearman, ssim });
    const signalP = evidence.signal.pValue;
    const outcomePass = changes && signalP <= settings.alpha;
    const curve = deletion.maps[key]!;
    const own = effect(curve);
    const deletionPass = !empty && randomEffects.length > 0 && randomEffects.every((e) => own > e);
    const modelWords = empty
      ? "empty map (zero everywhere): says nothing"
      : last === undefined
      ? "model check not run"
      : modelPass
      ? `depends on the model (randomised encoder: ρ ${f2(last.spearman)}, SSIM ${f2(last.ssim)})`
      : `does not depend on the model (randomised encoder: ρ ${f2(last.spearman)}, SSIM ${f2(last.ssim)})`;
    const outcomeWords = empty
      ? "empty map: outcome check not applicable"
      : outcomeMaps.length === 0
      ? "outcome check not run"
      : !changes
      ? `does not depend on the outcome (permuted outcomes: ρ ${f2(spearman)}, SSIM ${f2(ssim)})`
      : signalP > settings.alpha
      ? `changes with the outcome labels, but the model shows no outcome signal (permutation p = ${f2(signalP)})`
      : `depends on the outcome (permuted outcomes: ρ ${f2(spearman)}, SSIM ${f2(ssim)}; signal p = ${f2(signalP)})`;
    const deletionWords = `${deletionPass ? "beats" : "does not beat"} random deletion (mean |ΔP| ${
      own.toExponential(1)
    } vs ${randomEffect.toExponential(1)} ± ${randomSpread.toExponential(1)})`;
    return {
      patient: patient.id,
      method: key,
      empty,
      model: { steps, pass: modelPass },
      outcome: {
        maps: outcomeMaps,
        spearman,
        ssim,
        changes,
        signalAuc: evidence.signal.auc,
        signalP,
        pass: outcomePass,
      },
      deletion: {
        fractions: deletion.fractions,
        curve,
        random: deletion.random,
        effect: own,
        randomEffect,
        randomSpread,
        pass: deletionPass,
      },
      verdicts: [modelWords, outcomeWords, deletionWords],
    };
  });
}
