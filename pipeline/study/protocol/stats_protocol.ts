/**
 * The whole statistics protocol on an in-memory feature table, built from the same pure functions
 * the stages call (screening, LASSO inclusion, selection, evaluation), in the same order and with
 * the same random streams: the same table, labels and settings give the stages' files byte for byte.
 *
 * @module
 */
import { selectColumns } from "../../../stats/select_columns.ts";
import type { FeatureTable } from "../artifacts/feature_table.ts";
import type {
  InclusionRecord,
  MetricRecord,
  RocRecord,
  SelectedRecord,
  TTestRecord,
} from "../artifacts/stats_tables.ts";
import { evaluateEndpoint } from "./evaluation.ts";
import { lassoInclusion } from "./inclusion.ts";
import { tableRoles } from "./models.ts";
import { screenEndpoint } from "./screening.ts";
import { selectTop } from "./selection.ts";
import { lambdaRule, type StatsSettings } from "./settings.ts";
import { EVALUATION_STAGE, INCLUSION_STAGE, stageStreams } from "./streams.ts";

/** One endpoint's labels (1 event, 0 no event, NaN excluded), aligned with the table's rows. */
export interface EndpointInput {
  readonly name: string;
  readonly labels: ArrayLike<number>;
}

/** Everything the protocol produces: the rows of each output file and a summary. */
export interface StatsProtocolResult {
  readonly ttest: TTestRecord[];
  readonly inclusion: InclusionRecord[];
  readonly selected: SelectedRecord[];
  readonly metrics: MetricRecord[];
  readonly roc: RocRecord[];
  readonly summary: Record<string, unknown>;
}

/**
 * Run screening (test + BH), bootstrap LASSO inclusion, top-k selection and the evaluation of the
 * signature and the comparator models for every endpoint.
 *
 * @param table patients × features (comparator columns named in `settings.models`)
 * @param endpoints labels aligned with the table's rows
 * @param settings every setting (see `settings.ts`)
 * @param onProgress phase text
 * @returns the output rows and summary
 * @throws {RangeError} when an endpoint is unusable (one class, or < 2 per class)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../../stats/mod.ts";
 * import { parseStatsSettings } from "./settings.ts";
 * import { statsProtocol } from "./stats_protocol.ts";
 * const y = Array.from({ length: 24 }, (_, i) => i % 2);
 * const matrix = featureMatrix([y.map((v, i) => v + Math.sin(i)), y.map((_, i) => Math.cos(5 * i))]);
 * const table = { ids: y.map((_, i) => `P${i}`), names: ["a", "b"], matrix };
 * const settings = parseStatsSettings("seed: 1\nlasso: {bootstrap: 5, top_k: 1}\nevaluation: {resamples: 5}\n", "s.yaml");
 * const r = await statsProtocol(table, [{ name: "os2y", labels: y }], settings);
 * assert.equal(r.selected[0]!.feature, "a");
 * ```
 */
export async function statsProtocol(
  table: FeatureTable,
  endpoints: readonly EndpointInput[],
  settings: StatsSettings,
  onProgress?: (message: string) => void,
): Promise<StatsProtocolResult> {
  const roles = tableRoles(table.names, settings.models, "stats settings");
  const candidates = selectColumns(table.matrix, roles.candidates);
  const names = roles.candidates.map((j) => table.names[j]!);
  const out: StatsProtocolResult = { ttest: [], inclusion: [], selected: [], metrics: [], roc: [], summary: {} };
  const perEndpoint: Record<string, unknown> = {};
  for (const e of endpoints) {
    onProgress?.(`screening ${e.name}`);
    const s = screenEndpoint(candidates, names, e, settings);
    out.ttest.push(...s.rows);
    perEndpoint[e.name] = {
      nEvent: s.rows[0]?.nEvent ?? 0,
      nNoEvent: s.rows[0]?.nNoEvent ?? 0,
      significant: s.significant,
      degenerateFeatures: s.degenerate,
    };
  }
  const rng = stageStreams(settings.seed, INCLUSION_STAGE);
  for (const e of endpoints) {
    onProgress?.(`LASSO inclusion ${e.name}`);
    const inc = await lassoInclusion(candidates, names, e, {
      resamples: settings.lasso.bootstrap,
      rule: lambdaRule(settings.lasso),
      rng,
    });
    out.inclusion.push(...inc.rows);
    Object.assign(perEndpoint[e.name]!, { inclusionResamplesUsed: inc.used, inclusionResamplesSkipped: inc.skipped });
  }
  out.selected.push(...selectTop(out.inclusion, settings.lasso.top_k));
  const column = new Map(table.names.map((n, j) => [n, j]));
  for (const e of endpoints) {
    onProgress?.(`evaluation ${e.name}`);
    const chosen = out.selected.filter((r) => r.endpoint === e.name).map((r) => column.get(r.feature)!);
    const ev = await evaluateEndpoint(table.matrix, e, {
      models: [{ name: settings.models.signature, columns: chosen, selects: true }, ...roles.comparators],
      candidates: roles.candidates,
      settings,
      rng: stageStreams(settings.seed, EVALUATION_STAGE),
    });
    out.metrics.push(...ev.metrics);
    out.roc.push(...ev.roc);
    Object.assign(perEndpoint[e.name]!, { ridgeFits: Object.fromEntries(ev.ridge) });
  }
  Object.assign(out.summary, {
    settings,
    seed: settings.seed,
    nPatients: table.matrix.nRows,
    nFeatures: roles.candidates.length,
    optimisticNote: '"*-optimistic" rows select features on all patients before evaluating: optimistic by design',
    endpoints: perEndpoint,
  });
  return out;
}
