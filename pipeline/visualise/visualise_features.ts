/**
 * The stage-ready entry point of `pipeline/visualise/`: activation maximisation of the chosen
 * bottleneck units and saliency of P(death) for the chosen patients, written as NIfTI, raw float32,
 * PNG montages, and a `volumes.json` the report reads.
 *
 * @module
 */
import type { Modality } from "../model/feature_names.ts";
import type { UNet } from "../model/unet3d.ts";
import type { Volume } from "../imaging/volume.ts";
import { type Progress, silentProgress } from "../progress.ts";
import { activationMaximisation, type ActivationMaximisationOptions } from "./activation_maximisation.ts";
import { type ActivationComparison, compareActivation } from "./compare_activation.ts";
import { deathProbability } from "./death_probability.ts";
import type { LogisticHead } from "./logistic_head.ts";
import { resolveUnit } from "./resolve_unit.ts";
import { checkSaliency, type MapCheck, type OutcomeEvidence, type SaliencyCheckSettings } from "./saliency_checks.ts";
import { SALIENCY_METHODS, type SaliencyMaps, saliencyMaps } from "./saliency_maps.ts";
import { saliencyConcentration } from "./saliency_concentration.ts";
import { selectPatients } from "./select_patients.ts";
import { unitActivations } from "./unit_activations.ts";
import {
  float32Bytes,
  maskCentroidVoxel,
  robustMaxAbs,
  spacingTriple,
  type VolumeEntry,
  writeVolumeFiles,
} from "./_write_outputs.ts";

export type { VolumeEntry } from "./_write_outputs.ts";

/** One patient's crop: CT (HU) and mask on the crop grid, and the normalised network input. */
export interface VisualiseCrop {
  readonly id: string;
  /** CT in HU on the crop grid (`dims` = the model's `[W, H, D]`), the montage background. */
  readonly ct: Volume;
  /** Tumour mask on the same grid; the montages pass through its centroid. */
  readonly mask: Volume;
  /** Normalised input of the model (x fastest, same grid). */
  readonly image: Float32Array;
  /** Values of the head's terms not computed from this image (other modality, covariates). */
  readonly fixedFeatures?: ReadonlyMap<string, number>;
}

/** Options of {@linkcode visualiseFeatures}. */
export interface VisualiseFeaturesOptions {
  /** Folder to write into (created). */
  readonly outDir: string;
  /** Modality of the model. @default "ct" */
  readonly modality?: Modality;
  /** Logistic model of P(death); without it no saliency is computed. @default undefined */
  readonly logistic?: LogisticHead;
  /** Units to maximise. @default the head's terms that are units of this modality (the LASSO selection) */
  readonly units?: readonly (string | number)[];
  /** Patients to explain. @default highest and lowest predicted risk, `patientsPerEnd` each */
  readonly patients?: readonly string[];
  /** Patients per end of the risk ranking when `patients` is not given. @default 1 */
  readonly patientsPerEnd?: number;
  /** Activation-maximisation settings (starts, steps, regularisers, seed). @default its own defaults */
  readonly activation?: Omit<ActivationMaximisationOptions, "modality" | "progress">;
  /** Factor on every gradient (e.g. `1 / (hi − lo)` of the CT window for ∂P/∂HU). @default 1 */
  readonly gradientScale?: number;
  /** The units' activations on real patients. @default computed from `crops` with the model */
  readonly realActivations?: ReadonlyMap<string, ArrayLike<number>>;
  /** Endpoint label of the logistic model. @default "death" */
  readonly endpoint?: string;
  /** Progress sink. @default silentProgress */
  readonly progress?: Progress;
  /**
   * Known-truth regions of a patient on the crop grid (0/1, x fastest), by region name: each map's positive-mass
   * concentration in each region is reported ({@linkcode saliencyConcentration}). @default none
   */
  readonly truthRegions?: (id: string) => Readonly<Record<string, Uint8Array>> | undefined;
  /** Run the sanity checks on every map ({@linkcode checkSaliency}). @default not run */
  readonly checks?: { readonly settings: SaliencyCheckSettings; readonly evidence: OutcomeEvidence };
}

/** What {@linkcode visualiseFeatures} wrote and found. */
export interface VisualisationSummary {
  readonly units: readonly {
    readonly unit: string;
    readonly index: number;
    readonly activations: readonly number[];
    readonly initialActivations: readonly number[];
    readonly best: number;
    readonly comparison: ActivationComparison | null;
  }[];
  readonly patients: readonly {
    readonly id: string;
    readonly probability: number;
    readonly group: "highest" | "lowest" | "chosen";
  }[];
  readonly volumes: readonly VolumeEntry[];
  /** The checks of every map (empty when not run). */
  readonly checks: readonly MapCheck[];
  /** Concentration of each map's positive saliency in each truth region (empty without `truthRegions`). */
  readonly concentrations: readonly {
    readonly patient: string;
    readonly method: string;
    readonly region: string;
    /** Share of the positive mass inside the region ÷ the region's share of the volume (NaN: empty region). */
    readonly ratio: number;
    readonly volumeShare: number;
  }[];
  /** Wall-clock seconds spent in the checks (what they add to the stage). */
  readonly checkSeconds: number;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_");
const reportId = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, "-");

function checkCrops(unet: UNet, crops: readonly VisualiseCrop[]): void {
  const [d, h, w] = unet.config.inputShape;
  for (const c of crops) {
    const ok = [c.ct, c.mask].every((v) => v.dims[0] === w && v.dims[1] === h && v.dims[2] === d) &&
      c.image.length === d * h * w;
    if (!ok) {
      throw new RangeError(
        `Cannot visualise patient "${c.id}": crop grid "${
          c.ct.dims.join("×")
        }" does not match the model input "${w}×${h}×${d}"`,
      );
    }
  }
}

/**
 * Visualise the features of a trained encoder: per unit `units/<unit>/input.{nii.gz,f32,png}` and
 * `summary.json`; per patient `patients/<id>/{gradient,gradientTimesInput,guided}.{nii.gz,f32,png}`,
 * `ct.f32` and `summary.json`; and `volumes.json` (the report's volume list) at the top.
 *
 * @param unet the trained U-Net
 * @param crops the cohort's crops (all of them: they give real activations and the risk ranking)
 * @param options output folder, modality, logistic head, units, patients, settings
 * @returns what was written, with activations, comparisons and probabilities
 * @throws {RangeError} when a crop does not match the model or a unit or patient is unknown
 *
 * @example Usage
 * ```ts ignore
 * const summary = await visualiseFeatures(unet, crops, { outDir: "out/visualise", logistic: head });
 * ```
 */
export async function visualiseFeatures(
  unet: UNet,
  crops: readonly VisualiseCrop[],
  options: VisualiseFeaturesOptions,
): Promise<VisualisationSummary> {
  checkCrops(unet, crops);
  const modality = options.modality ?? "ct";
  const progress = options.progress ?? silentProgress;
  const head = options.logistic;
  const headUnits = head
    ? [...head.coefficients.keys()].filter((n) => /^[CP]\d+$/.test(n) && n[0] === (modality === "ct" ? "C" : "P"))
    : [];
  const units = (options.units ?? headUnits).map((u) => resolveUnit(unet.config, u, { modality }));
  const volumes: VolumeEntry[] = [];
  const base = crops[0];
  const affine = base?.ct.affine ?? [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const dims = [unet.config.inputShape[2], unet.config.inputShape[1], unet.config.inputShape[0]] as const;
  const spacing = spacingTriple({ affine, dims, data: new Float32Array(0) });
  const real = options.realActivations ??
    (crops.length > 0
      ? unitActivations(unet, crops.map((c) => c.image), { units: units.map((u) => u.index), modality })
      : new Map());
  const unitRows: VisualisationSummary["units"][number][] = [];
  for (const u of units) {
    const am = activationMaximisation(unet, u.index, { ...options.activation, modality, progress });
    const reached = am.activations[am.best]!;
    const values = real.get(u.name);
    const comparison = values && values.length > 0 ? compareActivation(reached, values) : null;
    const dir = `${options.outDir}/units/${u.name}`;
    await Deno.mkdir(dir, { recursive: true });
    const files = await writeVolumeFiles(dir, "input", { data: am.inputs[am.best]! as Float32Array, dims, affine }, {
      kind: "grey",
    });
    const row = {
      unit: u.name,
      index: u.index,
      activations: am.activations,
      initialActivations: am.initialActivations,
      best: am.best,
      comparison,
    };
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify({ ...row, history: am.history }, null, 1));
    unitRows.push(row);
    const rel = (p: string) => `units/${u.name}/${p}`;
    volumes.push({
      id: reportId(`unit-${u.name}`),
      kind: "activation",
      title: `Unit ${u.name}: activation maximisation`,
      modality: modality.toUpperCase(),
      endpoint: "",
      dims,
      spacing,
      file: rel(files.file),
      nifti: rel(files.nifti),
      png: rel(files.png),
    });
  }
  const patientRows: { id: string; probability: number; group: "highest" | "lowest" | "chosen" }[] = [];
  const checks: MapCheck[] = [];
  let checkSeconds = 0;
  const concentrations: VisualisationSummary["concentrations"][number][] = [];
  if (head && crops.length > 0) {
    const model = { unet, modality, head };
    const risks = deathProbability(model, crops.map((c) => c.image), {
      fixedFeatures: crops.map((c) => c.fixedFeatures ?? new Map()),
    });
    const ids = crops.map((c) => c.id);
    const chosen = options.patients ? options.patients.map((id) => ({ id, group: "chosen" as const })) : (() => {
      const s = selectPatients(ids, risks, { perEnd: options.patientsPerEnd ?? 1 });
      return [
        ...s.highest.map((id) => ({ id, group: "highest" as const })),
        ...s.lowest.map((id) => ({ id, group: "lowest" as const })),
      ];
    })();
    progress.start(options.checks ? "saliency and checks" : "saliency", chosen.length);
    const maps: { crop: VisualiseCrop; group: "highest" | "lowest" | "chosen"; maps: SaliencyMaps }[] = [];
    for (const { id, group } of chosen) {
      const crop = crops.find((c) => c.id === id);
      if (!crop) throw new RangeError(`Cannot visualise patient "${id}": no crop with that id`);
      const fixed = crop.fixedFeatures ? { fixedFeatures: crop.fixedFeatures } : {};
      const s = saliencyMaps(model, crop.image, { ...fixed, gradientScale: options.gradientScale ?? 1 });
      maps.push({ crop, group, maps: s });
      const regions = options.truthRegions?.(crop.id);
      for (const [region, mask] of Object.entries(regions ?? {})) {
        for (const { key } of SALIENCY_METHODS) {
          const c = saliencyConcentration(s[key], mask);
          concentrations.push({ patient: crop.id, method: key, region, ratio: c.ratio, volumeShare: c.volumeShare });
        }
      }
      if (options.checks) {
        const start = performance.now();
        checks.push(...checkSaliency(model, crop, s, options.checks.evidence, options.checks.settings));
        checkSeconds += (performance.now() - start) / 1000;
      }
      progress.tick(id);
    }
    const ranges = new Map(SALIENCY_METHODS.map(({ key }) => [key, robustMaxAbs(maps.map((p) => p.maps[key]))]));
    for (const { crop, group, maps: s } of maps) {
      const dir = `${options.outDir}/patients/${safe(crop.id)}`;
      await Deno.mkdir(dir, { recursive: true });
      const ct = { data: Float32Array.from(crop.ct.data), dims, affine: crop.ct.affine };
      await Deno.writeFile(`${dir}/ct.f32`, float32Bytes(ct.data));
      const centre = maskCentroidVoxel(crop.mask);
      for (const { key: method, label } of SALIENCY_METHODS) {
        const m = ranges.get(method)!;
        const files = await writeVolumeFiles(dir, method, { data: s[method], dims, affine: crop.ct.affine }, {
          background: ct,
          centre,
          range: [-m, m],
        });
        const rel = (p: string) => `patients/${safe(crop.id)}/${p}`;
        volumes.push({
          id: reportId(`saliency-${crop.id}-${method}`),
          kind: "saliency",
          method,
          patient: crop.id,
          title: `Patient ${crop.id} (P = ${s.probability.toFixed(3)}): ${label}`,
          modality: modality.toUpperCase(),
          endpoint: options.endpoint ?? "death",
          dims,
          spacing: spacingTriple(crop.ct),
          file: rel(files.file),
          background: rel("ct.f32"),
          nifti: rel(files.nifti),
          png: rel(files.png),
        });
      }
      const row = { id: crop.id, probability: s.probability, group };
      await Deno.writeTextFile(
        `${dir}/summary.json`,
        JSON.stringify({ ...row, centre, colourHalfRange: Object.fromEntries(ranges) }, null, 1),
      );
      patientRows.push(row);
    }
  }
  await Deno.mkdir(options.outDir, { recursive: true });
  await Deno.writeTextFile(`${options.outDir}/volumes.json`, JSON.stringify(volumes, null, 1));
  const summary = { units: unitRows, patients: patientRows, volumes, checks, concentrations, checkSeconds };
  await Deno.writeTextFile(
    `${options.outDir}/visualisation.json`,
    JSON.stringify({ units: unitRows, patients: patientRows, volumes }, null, 1),
  );
  if (options.checks) await Deno.writeTextFile(`${options.outDir}/checks.json`, JSON.stringify(checks, null, 1));
  return summary;
}
