/**
 * The stage declarations, one file each, and the registry that a spec's `pipeline` selects.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { stagesFor } from "./mod.ts";
 * assert.deepEqual(stagesFor({ pipeline: "toy", modalities: [] }).map((s) => s.name), ["generate", "transform", "summarise"]);
 * ```
 *
 * @module
 */
export * from "./registry.ts";
export * from "./toy_generate.ts";
export * from "./toy_transform.ts";
export * from "./toy_summarise.ts";
export * from "./ingest.ts";
export * from "./crop.ts";
export * from "./train.ts";
export * from "./export.ts";
export * from "./extract.ts";
export * from "./radiomics.ts";
export * from "./screen.ts";
export * from "./lasso.ts";
export * from "./select.ts";
export * from "./evaluate.ts";
export * from "./cnn.ts";
export * from "./compare.ts";
export * from "./visualise.ts";
export * from "./unet_config_of.ts";
export * from "./stats_inputs.ts";
