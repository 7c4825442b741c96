/**
 * What the model stages pass between them (private to the stages): the intensity normalisation a spec
 * implies, the training samples of a crop entry, and trained weights on disk.
 */
import { join } from "node:path";
import type { IntensityNormalisation } from "../../model/normalise_intensity.ts";
import type { NamedWeight, UNetConfig } from "../../model/unet3d.ts";
import type { EpochLog } from "../../model/train.ts";
import { jsonFile } from "../artifacts/json_file.ts";
import type { Spec } from "../spec_schema.ts";
import type { CacheEntry } from "../../engine/stage.ts";
import { cropIds, readCrop } from "./_entries.ts";

/** `ct` or `pet`. */
export type Modality = "ct" | "pet";

/** Intensity normalisation of a modality's input. */
export function normalisationOf(spec: Spec, modality: Modality): IntensityNormalisation {
  return modality === "ct"
    ? { kind: "ct", window: spec.train.ct_window }
    : { kind: "pet", suvScale: spec.train.pet_suv_scale };
}

/** Every crop of a `crop` entry as a training sample of one modality (raw HU or SUV). */
export async function samplesOf(
  crop: CacheEntry,
  modality: Modality,
): Promise<Array<{ id: string; image: Float32Array; mask: Uint8Array }>> {
  const out = [];
  for (const id of await cropIds(crop)) {
    const c = await readCrop(crop, id);
    out.push({
      id,
      image: Float32Array.from(c[modality].data),
      mask: Uint8Array.from(c.mask.data, (v) => (v > 0 ? 1 : 0)),
    });
  }
  return out;
}

/** Write weights as `weights.json` (names, shapes) + `weights.bin` (float32 little-endian, in order). */
export async function writeWeights(dir: string, weights: readonly NamedWeight[]): Promise<void> {
  const total = weights.reduce((s, w) => s + w.values.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const w of weights) {
    all.set(w.values, offset);
    offset += w.values.length;
  }
  await Deno.writeFile(join(dir, "weights.bin"), new Uint8Array(all.buffer));
  const meta = weights.map((w) => ({ name: w.name, shape: w.shape, trainable: w.trainable }));
  await Deno.writeTextFile(join(dir, "weights.json"), JSON.stringify(meta));
}

/** Read weights written by {@linkcode writeWeights}. */
export async function readWeights(dir: string): Promise<NamedWeight[]> {
  const meta = JSON.parse(await Deno.readTextFile(join(dir, "weights.json"))) as Array<Omit<NamedWeight, "values">>;
  const bytes = await Deno.readFile(join(dir, "weights.bin"));
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let offset = 0;
  return meta.map((m) => {
    const n = m.shape.reduce((a, b) => a * b, 1);
    const values = all.slice(offset, offset + n);
    offset += n;
    return { ...m, values };
  });
}

/** `training.json` of a `train_<modality>` entry (copied into its `export_<modality>` entry). */
export interface TrainingRecord {
  readonly config: UNetConfig;
  readonly normalisation: IntensityNormalisation;
  readonly backend: string;
  readonly epochs: number;
  readonly resumedFromEpoch: number;
  readonly bestEpoch: number;
  readonly bestValDice: number;
  readonly trainIds: readonly string[];
  readonly valIds: readonly string[];
  readonly history: readonly EpochLog[];
}

/** The one writer and reader of `training.json`. */
export const trainingFile = jsonFile<TrainingRecord>("training.json");
