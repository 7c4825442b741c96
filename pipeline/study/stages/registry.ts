/**
 * The stage sets a spec's `pipeline` field selects. The biomarker pipeline has one train / export /
 * extract chain per modality; stages of modalities the spec leaves out are dropped, together with
 * the inputs that name them, so `modalities: [ct]` never trains a PET network. The CNN comparator
 * (`cnn`) is dropped likewise unless `cnn.enabled`.
 *
 * @module
 */
import type { Spec } from "../spec_schema.ts";
import type { StageDefinition } from "../../engine/stage.ts";
import { cnn } from "./cnn.ts";
import { compare } from "./compare.ts";
import { crop } from "./crop.ts";
import { evaluate } from "./evaluate.ts";
import { exportStage } from "./export.ts";
import { extractStage } from "./extract.ts";
import { ingest } from "./ingest.ts";
import { lasso } from "./lasso.ts";
import { radiomics } from "./radiomics.ts";
import { screen } from "./screen.ts";
import { select } from "./select.ts";
import { toyGenerate } from "./toy_generate.ts";
import { toySummarise } from "./toy_summarise.ts";
import { toyTransform } from "./toy_transform.ts";
import { trainStage } from "./train.ts";
import { visualise } from "./visualise.ts";

const MODALITIES = ["ct", "pet"] as const;

/** Every stage of the biomarker pipeline, both modalities. */
export const biomarkerStages: readonly StageDefinition[] = [
  ingest as StageDefinition,
  crop,
  ...MODALITIES.flatMap((m) => [trainStage(m), exportStage(m), extractStage(m)]),
  radiomics,
  screen,
  lasso,
  select,
  evaluate,
  cnn,
  compare,
  visualise,
] as readonly StageDefinition[];

/**
 * The stages of a spec's pipeline.
 *
 * @param spec validated spec (its `pipeline`, `modalities` and whether the CNN comparator is enabled)
 * @returns stage declarations
 */
export function stagesFor(
  spec: {
    readonly pipeline: Spec["pipeline"];
    readonly modalities: readonly string[];
    readonly cnn?: { readonly enabled: boolean };
  },
): readonly StageDefinition[] {
  if (spec.pipeline === "toy") return [toyGenerate, toyTransform, toySummarise] as readonly StageDefinition[];
  const dropped = MODALITIES.filter((m) => !spec.modalities.includes(m));
  const isDropped = (name: string) =>
    dropped.some((m) => name.endsWith(`_${m}`)) || (name === "cnn" && !spec.cnn?.enabled);
  return biomarkerStages
    .filter((s) => !isDropped(s.name))
    .map((s) => (s.inputs.some(isDropped) ? { ...s, inputs: s.inputs.filter((i) => !isDropped(i)) } : s));
}
