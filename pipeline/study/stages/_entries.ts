/**
 * Readers of what upstream stages left in their cache entries (private to the stages).
 */
import { join } from "node:path";
import { imagesFile } from "../artifacts/json_file.ts";
import { type Cohort, loadCohort, type Patient } from "../../imaging/cohort.ts";
import { readNifti } from "../../imaging/read_nifti.ts";
import type { Volume } from "../../imaging/volume.ts";
import type { CacheEntry } from "../../engine/stage.ts";
import { cropsFile } from "../artifacts/json_file.ts";

/** The cohort an `ingest` entry points at (synthetic: inside the entry; user: the original folder). */
export async function cohortOf(ingest: CacheEntry): Promise<Cohort> {
  const info = JSON.parse(await Deno.readTextFile(join(ingest.dir, "cohort.json"))) as {
    location: { entry: string } | { dir: string };
    skipped: Array<{ patient: string }>;
  };
  const dir = "entry" in info.location ? join(ingest.dir, info.location.entry) : info.location.dir;
  const cohort = await loadCohort(dir, { skipBad: true });
  const skipped = new Set(info.skipped.map((s) => s.patient));
  return { ...cohort, patients: cohort.patients.filter((p) => !skipped.has(p.id)) };
}

/** One patient's image references, as `ingest` lists them in `images.json`. */
export type PatientImageRefs = Pick<
  Patient,
  "id" | "ct" | "ctKind" | "pet" | "petKind" | "mask" | "maskKind" | "maskRoi"
>;

/** The usable patients' image references of an `ingest` entry (paths made absolute). */
export async function imagesOf(ingest: CacheEntry): Promise<PatientImageRefs[]> {
  const index = await imagesFile.read(ingest.dir);
  const at = (path: string) => (index.relativeTo === "entry" ? join(ingest.dir, path) : path);
  return index.patients.map((p) => ({ ...p, ct: at(p.ct), pet: at(p.pet), mask: at(p.mask) }));
}

/** One patient's crop: CT (HU), PET (SUV) and mask on one grid. */
export interface PatientCrop {
  readonly id: string;
  readonly ct: Volume;
  readonly pet: Volume;
  readonly mask: Volume;
}

/** Patient ids of a `crop` entry, in cohort order. */
export async function cropIds(crop: CacheEntry): Promise<string[]> {
  return [...(await cropsFile.read(crop.dir)).patients];
}

/** Read one patient's crop from a `crop` entry. */
export async function readCrop(crop: CacheEntry, id: string): Promise<PatientCrop> {
  const dir = join(crop.dir, "crops", id);
  const [ct, pet, mask] = await Promise.all(["ct", "pet", "mask"].map((m) => readNifti(join(dir, `${m}.nii.gz`))));
  return { id, ct: ct!, pet: pet!, mask: mask! };
}
