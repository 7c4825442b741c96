/**
 * A typed JSON file: one declaration gives the one writer and the one reader of a file the stages
 * exchange (`crops.json`, `endpoints.json`, `training.json`), so the shape is checked at every use.
 *
 * @module
 */

/** The writer and reader of one JSON file. */
export interface JsonFile<T> {
  /** File name inside an entry. */
  readonly file: string;
  /** Write `dir/<file>` (two-space indented, final newline). */
  write(dir: string, value: T): Promise<void>;
  /** Read `dir/<file>`. */
  read(dir: string): Promise<T>;
}

/**
 * Declare a typed JSON file.
 *
 * @param file file name
 * @returns its writer and reader
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonFile } from "./json_file.ts";
 * const f = jsonFile<{ patients: string[] }>("crops.json");
 * const dir = await Deno.makeTempDir();
 * await f.write(dir, { patients: ["P1"] });
 * assert.deepEqual(await f.read(dir), { patients: ["P1"] });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function jsonFile<T>(file: string): JsonFile<T> {
  return {
    file,
    write: (dir, value) => Deno.writeTextFile(`${dir}/${file}`, JSON.stringify(value, null, 2) + "\n"),
    read: async (dir) => JSON.parse(await Deno.readTextFile(`${dir}/${file}`)) as T,
  };
}

/** One usable patient's images in `images.json`, with the content hash of each image. */
export interface PatientImagesRecord {
  readonly id: string;
  readonly ct: string;
  readonly ctKind: "nifti" | "dicom" | "nrrd";
  readonly pet: string;
  readonly petKind: "nifti" | "dicom" | "nrrd";
  readonly mask: string;
  readonly maskKind: "nifti" | "rtstruct" | "nrrd";
  readonly maskRoi: string;
  /** The volume of a 4D CT / PET file (`ct_volume` / `pet_volume` in `cohort.csv`). */
  readonly ctVolume?: number;
  readonly petVolume?: number;
  readonly sha256: { readonly ct: string; readonly pet: string; readonly mask: string };
}

/**
 * `images.json` of the `ingest` stage: the image index `crop` reads (and nothing else of ingest),
 * paths relative to the entry for a synthetic cohort.
 */
export const imagesFile = jsonFile<{
  readonly relativeTo: "entry" | "absolute";
  readonly patients: readonly PatientImagesRecord[];
}>("images.json");

/** `crops.json` of the `crop` stage: the patients cropped, in cohort order. */
export const cropsFile = jsonFile<{ readonly patients: readonly string[] }>("crops.json");

/** One endpoint's counts in `endpoints.json` of the `screen` stage (and `summary.json` of a report). */
export interface EndpointCountsRecord {
  readonly endpoint: string;
  readonly "n_event": number;
  readonly "n_no_event": number;
  readonly exclusions: readonly { readonly reason: string; readonly count: number }[];
}

/** `endpoints.json` of the `screen` stage. */
export const endpointsFile = jsonFile<readonly EndpointCountsRecord[]>("endpoints.json");

/** `summary.json` of a run's results folder: the effective statistics settings, their seed, endpoint counts. */
export interface SummaryRecord {
  readonly settings: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly endpoints: readonly EndpointCountsRecord[];
}

/** The one writer and reader of `summary.json`. */
export const summaryFile = jsonFile<SummaryRecord>("summary.json");

/** One stage of a run in `run.json`: its time, cache outcome, and the code and backend of its entry. */
export interface StageTimingRecord {
  readonly stage: string;
  /** Wall time in seconds (0 on a cache hit). */
  readonly seconds: number;
  readonly cached: boolean;
  /** Git version of the code that computed the entry the stage used (may predate the run). */
  readonly codeVersion?: string;
  /** First 12 hex digits of the digest of the stage's code closure (its module, imports, npm packages). */
  readonly codeDigest?: string;
  /** Compute backend of the entry, where the stage has one. */
  readonly backend?: string;
}

/** `run.json` of a run's results folder: the manifest every report embeds. */
export interface RunRecord {
  readonly "run_id": string;
  readonly experiment: string;
  readonly variant: string;
  readonly spec: string;
  readonly "spec_hash": string;
  readonly "code_version": string;
  readonly backend: string;
  readonly seed: number;
  readonly stages: readonly StageTimingRecord[];
  readonly warnings: readonly string[];
}

/** The one writer and reader of `run.json`. */
export const runFile = jsonFile<RunRecord>("run.json");
