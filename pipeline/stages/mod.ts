/**
 * The stage declarations, one file each, and the registry that a spec's `pipeline` selects.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { stagesFor } from "./mod.ts";
 * assert.deepEqual(stagesFor("toy").map((s) => s.name), ["generate", "transform", "summarise"]);
 * ```
 *
 * @module
 */
export * from "./registry.ts";
export * from "./toy_generate.ts";
export * from "./toy_transform.ts";
export * from "./toy_summarise.ts";
