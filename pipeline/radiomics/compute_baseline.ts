/**
 * Compute a baseline manifest's features for one patient.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import type { Volume } from "../imaging/volume.ts";
import { extractRadiomics, RADIOMICS_FAMILIES, type RadiomicsFamily } from "./extract_radiomics.ts";
import type { BaselineManifest } from "./manifest.ts";
import { petMarkers } from "./pet_markers.ts";

/** Images of one patient: CT and/or PET with the contour (on each image's grid). */
export interface BaselineImages {
  readonly ct?: Volume;
  readonly pet?: Volume;
  /** Contour on the CT grid (and the PET grid unless `petMask` is given). */
  readonly mask: Volume;
  /** Contour on the PET grid when it differs from the CT grid. */
  readonly petMask?: Volume;
}

/** One computed baseline feature. */
export interface BaselineValue {
  readonly name: string;
  readonly modality: "ct" | "pet";
  readonly tag: string;
  readonly value: number;
}

/**
 * Compute every feature of the manifest (each modality's IBSI families once).
 *
 * @param images CT, PET, contour(s)
 * @param manifest the feature list and settings
 * @returns one value per manifest feature, in manifest order
 * @throws {DeepmarkerError} when a needed modality is missing or a tag is not produced
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { computeBaseline } from "./compute_baseline.ts";
 * import { parseBaselineManifest } from "./manifest.ts";
 * const affine = [10, 0, 0, 0, 0, 10, 0, 0, 0, 0, 10, 0, 0, 0, 0, 1];
 * const pet = { data: Float32Array.from([1, 3]), dims: [2, 1, 1] as const, affine };
 * const mask = { data: Uint8Array.from([1, 1]), dims: [2, 1, 1] as const, affine };
 * const m = parseBaselineManifest("name: x\nlabel: X\nsettings: {}\nfeatures:\n" +
 *   "  - {name: tlg, modality: pet, tag: pet_tlg}\n  - {name: m, modality: pet, tag: stat_mean}\n");
 * assert.deepEqual(computeBaseline({ pet, mask }, m).map((v) => v.value), [4, 2]);
 * ```
 */
export function computeBaseline(images: BaselineImages, manifest: BaselineManifest): BaselineValue[] {
  const cache = new Map<string, Map<string, number>>();
  const valuesFor = (modality: "ct" | "pet"): Map<string, number> => {
    const hit = cache.get(modality);
    if (hit) return hit;
    const image = images[modality];
    if (!image) {
      throw new DeepmarkerError(`Cannot compute baseline "${manifest.name}": no ${modality.toUpperCase()} image`);
    }
    const mask = modality === "pet" ? images.petMask ?? images.mask : images.mask;
    const tags = manifest.features.filter((f) => f.modality === modality).map((f) => f.tag);
    // A tag's first word is its family, or the name of a filter (whose features form `filter`).
    const familyOf = (t: string): string => {
      const head = t.split("_")[0]!;
      return (RADIOMICS_FAMILIES as readonly string[]).includes(head) ? head : "filter";
    };
    const families = [...new Set(tags.filter((t) => !t.startsWith("pet_")).map(familyOf))];
    const out = new Map<string, number>();
    if (families.length) {
      const rows = extractRadiomics(image, mask, manifest.settings[modality], {
        families: families as RadiomicsFamily[],
      });
      for (const r of rows) out.set(r.tag, r.value);
    }
    if (tags.some((t) => t.startsWith("pet_"))) {
      const m = petMarkers(image, mask);
      out.set("pet_suv_max", m.suvMax).set("pet_suv_mean", m.suvMean).set("pet_suv_peak", m.suvPeak);
      out.set("pet_mtv_ml", m.mtvMl).set("pet_tlg", m.tlg);
    }
    cache.set(modality, out);
    return out;
  };
  return manifest.features.map((f) => {
    const value = valuesFor(f.modality).get(f.tag);
    if (value === undefined) {
      throw new DeepmarkerError(`Cannot compute baseline feature "${f.name}": tag "${f.tag}" is not implemented`);
    }
    return { name: f.name, modality: f.modality, tag: f.tag, value };
  });
}
