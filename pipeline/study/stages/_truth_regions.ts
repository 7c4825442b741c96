/**
 * The known-truth regions of a synthetic cohort's patients on the crop grid (private to the stages): the
 * images are re-synthesised from `truth.json`'s options (the generator is deterministic), and their tissue
 * labels cropped like the crop stage crops the images. A real cohort has none.
 */
import { join } from "node:path";
import { syntheticGeometry, type SyntheticGeometryName } from "../../../fixtures/synthetic/geometry.ts";
import { planCohort } from "../../../fixtures/synthetic/plan_cohort.ts";
import { synthesizePatient } from "../../../fixtures/synthetic/synthesize_patient.ts";
import { truthRegions } from "../../../fixtures/synthetic/truth_regions.ts";
import type { CropLabelVolumeOptions } from "../../../fixtures/synthetic/crop_label_volume.ts";

/** The regions of one patient by name, or undefined for an unknown patient. */
export type TruthRegionLookup = (id: string) => Readonly<Record<string, Uint8Array>> | undefined;

/** A lookup of the regions when the ingest entry holds a synthetic cohort (`cohort/truth.json`), else undefined. */
export async function truthRegionLookup(
  ingestDir: string,
  crop: CropLabelVolumeOptions,
): Promise<TruthRegionLookup | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(join(ingestDir, "cohort", "truth.json"));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  const o = JSON.parse(text).options as {
    patients: number;
    seed: number;
    effect?: "strong" | "weak" | "none" | "vessel";
    medianOsMonths?: number;
    geometry: SyntheticGeometryName;
  };
  const plan = planCohort({
    patients: o.patients,
    seed: o.seed,
    ...(o.effect ? { effect: o.effect } : {}),
    ...(o.medianOsMonths === undefined ? {} : { medianOsMonths: o.medianOsMonths }),
  });
  const geometry = syntheticGeometry(o.geometry);
  const cache = new Map<string, Readonly<Record<string, Uint8Array>>>();
  return (id) => {
    if (cache.has(id)) return cache.get(id);
    const planned = plan.patients.find((p) => p.id === id);
    if (!planned) return undefined;
    const r = truthRegions(synthesizePatient(planned, geometry), crop);
    const regions = {
      tumour: r.tumour,
      "contact vessel": r.contactVessel,
      "other vessels": r.otherVessels,
      "ring around tumour": r.ring,
    };
    cache.set(id, regions);
    return regions;
  };
}
