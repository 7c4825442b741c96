/**
 * The stage sets a spec's `pipeline` field selects.
 *
 * @module
 */
import type { Spec } from "../spec_schema.ts";
import type { StageDefinition } from "../stage.ts";
import { crop } from "./crop.ts";
import { ingest } from "./ingest.ts";
import { radiomics } from "./radiomics.ts";
import { toyGenerate } from "./toy_generate.ts";
import { toySummarise } from "./toy_summarise.ts";
import { toyTransform } from "./toy_transform.ts";

/**
 * The stages of a pipeline kind.
 *
 * @param pipeline `spec.pipeline`
 * @returns stage declarations
 */
export function stagesFor(pipeline: Spec["pipeline"]): readonly StageDefinition[] {
  switch (pipeline) {
    case "toy":
      return [toyGenerate, toyTransform, toySummarise] as readonly StageDefinition[];
    case "biomarker":
      return [ingest, crop, radiomics] as readonly StageDefinition[];
  }
}
