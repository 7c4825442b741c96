/**
 * Baseline feature manifests: a declarative list of named features (modality, IBSI tag) with the
 * processing settings per modality. Read once here (zod at the boundary); typed objects inward.
 *
 * @module
 */
import { parse } from "yaml";
import { z } from "zod";
import { SpecError } from "../errors.ts";
import { type RadiomicsSettings, radiomicsSettings } from "./settings.ts";

/** Classic PET markers accepted as tags besides IBSI tags. */
export const PET_MARKER_TAGS: readonly string[] = [
  "pet_suv_max",
  "pet_suv_mean",
  "pet_suv_peak",
  "pet_mtv_ml",
  "pet_tlg",
];

/** Schema of a manifest YAML. */
export const BaselineManifestSchema = z.strictObject({
  name: z.string().min(1),
  label: z.string().min(1),
  settings: z.strictObject({ ct: z.unknown().optional(), pet: z.unknown().optional() }),
  features: z.array(z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/),
    modality: z.enum(["ct", "pet"]),
    tag: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/),
  })).min(1),
});

/** One feature of a manifest. */
export interface BaselineFeature {
  readonly name: string;
  readonly modality: "ct" | "pet";
  readonly tag: string;
}

/** A validated manifest. */
export interface BaselineManifest {
  /** Stable identifier. */
  readonly name: string;
  /** Label for reports (says whose list it is). */
  readonly label: string;
  /** Processing settings per modality. */
  readonly settings: { readonly ct: RadiomicsSettings; readonly pet: RadiomicsSettings };
  readonly features: readonly BaselineFeature[];
}

/**
 * Validate manifest YAML text.
 *
 * @param text YAML
 * @param source name for error messages
 * @returns the manifest
 * @throws {SpecError} on invalid YAML, duplicate names or invalid settings
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseBaselineManifest } from "./manifest.ts";
 * const m = parseBaselineManifest(
 *   "name: x\nlabel: X\nsettings: {}\nfeatures:\n  - {name: tlg, modality: pet, tag: pet_tlg}\n",
 * );
 * assert.equal(m.features[0]!.tag, "pet_tlg");
 * ```
 */
export function parseBaselineManifest(text: string, source = "manifest"): BaselineManifest {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new SpecError(`Cannot read baseline manifest "${source}": ${e instanceof Error ? e.message : e}`);
  }
  const r = BaselineManifestSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${source} ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new SpecError(`Cannot read baseline manifest "${source}": ${issues.join("; ")}`, issues);
  }
  const names = new Set<string>();
  for (const f of r.data.features) {
    if (names.has(f.name)) throw new SpecError(`Cannot read baseline manifest "${source}": duplicate name "${f.name}"`);
    names.add(f.name);
    if (f.tag.startsWith("pet_") && (f.modality !== "pet" || !PET_MARKER_TAGS.includes(f.tag))) {
      throw new SpecError(`Cannot read baseline manifest "${source}": "${f.tag}" is not a PET marker tag`);
    }
  }
  return {
    name: r.data.name,
    label: r.data.label,
    settings: {
      ct: radiomicsSettings(r.data.settings.ct ?? {}, `${source} settings.ct`),
      pet: radiomicsSettings(r.data.settings.pet ?? {}, `${source} settings.pet`),
    },
    features: r.data.features,
  };
}

/**
 * Read a manifest file.
 *
 * @param path YAML file
 * @returns the manifest
 * @throws {SpecError} when missing or invalid
 *
 * @example Usage
 * ```ts ignore
 * const m = await loadBaselineManifest("fixtures/radiomics/baseline_17.yaml");
 * ```
 */
export async function loadBaselineManifest(path: string): Promise<BaselineManifest> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new SpecError(`Cannot read baseline manifest "${path}": ${e instanceof Error ? e.message : e}`);
  }
  return parseBaselineManifest(text, path);
}
