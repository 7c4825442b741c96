/**
 * What the statistics of a run consume, read from the entries of its stages: the U-Net features
 * joined with the comparator table of `radiomics` (U-Net columns first), the binary endpoints on
 * those patients, and the clinical table. The `evaluate` stage and `deepmarker runs export` read
 * them through this one function, so an export is exactly what the stage saw.
 *
 * @module
 */
import type { CacheEntry } from "../../engine/stage.ts";
import { type Clinical, readClinical } from "../artifacts/clinical_table.ts";
import { type FeatureTable, joinTables } from "../artifacts/feature_table.ts";
import type { StatsSettings } from "../protocol/settings.ts";
import type { Spec } from "../spec_schema.ts";
import { biomarkerModels, type EndpointLabels, endpointLabels, readRadiomicFeatures } from "./_study_data.ts";
import { readUnetFeatures } from "./_unet_features.ts";

/** What {@linkcode statsInputs} returns. */
export interface StatsInputs {
  /** U-Net features, then the radiomic comparators, on the U-Net table's patients. */
  readonly table: FeatureTable;
  /** Per endpoint: labels on the table's patients. */
  readonly endpoints: readonly EndpointLabels[];
  readonly clinical: Clinical;
  /** How the table's columns are used: the U-Net signature vs TLG vs the radiomic set. */
  readonly models: StatsSettings["models"];
}

/**
 * Read the statistics inputs from stage entries.
 *
 * @param entries finished entries by stage name (`ingest`, `extract_<modality>`, `radiomics`)
 * @param spec the modalities and endpoints
 * @returns table, endpoints, clinical table and models
 *
 * @example Usage
 * ```ts ignore
 * const { table, endpoints } = await statsInputs(ctx.inputs, ctx.params);
 * ```
 */
export async function statsInputs(
  entries: Readonly<Record<string, CacheEntry>>,
  spec: Pick<Spec, "modalities" | "endpoints">,
): Promise<StatsInputs> {
  const unet = await readUnetFeatures(entries, spec.modalities);
  const classic = await readRadiomicFeatures(entries.radiomics!);
  const table = joinTables([unet, classic]);
  const clinical = await readClinical(entries.ingest!.dir);
  return {
    table,
    endpoints: endpointLabels(clinical, table.ids, spec.endpoints),
    clinical,
    models: biomarkerModels(classic.names),
  };
}
