/**
 * `defineStage` with the study's spec type fixed, so every stage's `params(spec)` is checked
 * against the biomarker schema (private to the stages).
 */
import { defineStage, type StageDefinition } from "../../engine/stage.ts";
import type { Spec } from "../spec_schema.ts";

/** Declare a stage of the biomarker study. */
export function defineStudyStage<P>(definition: StageDefinition<P, Spec>): StageDefinition<P, Spec> {
  return defineStage(definition);
}
