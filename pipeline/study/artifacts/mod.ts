/**
 * The files the study's stages exchange, each with one writer and one reader: the clinical table,
 * wide feature and label tables, and the statistics tables.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ttestTable } from "./mod.ts";
 * assert.equal(ttestTable.header.join(","), "feature,endpoint,n_event,n_no_event,statistic,df,p,q");
 * ```
 *
 * @module
 */
export * from "./csv_table.ts";
export * from "./stats_tables.ts";
export * from "./comparison_tables.ts";
export * from "./feature_table.ts";
export * from "./clinical_table.ts";
export * from "./dice_table.ts";
export * from "./json_file.ts";
