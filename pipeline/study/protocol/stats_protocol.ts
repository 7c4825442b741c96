/** The whole statistics protocol on an in-memory feature matrix (no file I/O; resamples on worker threads). @module */
import {
  benjaminiHochberg,
  createRng,
  type FeatureMatrix,
  type LambdaRule,
  screenFeatures,
  type ScreeningTest,
  selectColumns,
} from "../../../stats/mod.ts";
import { parallelEvaluation } from "../parallel_evaluation.ts";
import { parallelInclusion } from "../parallel_inclusion.ts";

/** Options for {@linkcode statsProtocol} (and `runStatsProtocol`). */
export interface StatsProtocolOptions {
  /** Seed of every random stream. @default {42} */
  readonly seed?: number;
  /** Screening test. @default {"welch"} */
  readonly test?: ScreeningTest;
  /** q-value cut for "significant" in the summary's intersections. @default {0.05} */
  readonly qThreshold?: number;
  /** Bootstrap resamples for LASSO inclusion probabilities. @default {1000} */
  readonly inclusionResamples?: number;
  /** Top-k features kept per endpoint. @default {20} */
  readonly topK?: number;
  /** λ rule of each LASSO fit (inclusion and nested selection). @default {{ kind: "nonzero", count: topK }} */
  readonly rule?: LambdaRule;
  /** Resamples of the bootstrap evaluation. @default {1000} */
  readonly evaluationResamples?: number;
  /** Train fraction inside each bootstrap resample. @default {0.7} */
  readonly trainFraction?: number;
  /** Folds of the k-fold evaluation. @default {6} */
  readonly folds?: number;
  /** Probability threshold of the classification metrics. @default {0.5} */
  readonly threshold?: number;
  /** Progress callback (phase text). */
  readonly onProgress?: (message: string) => void;
}

/** Everything the protocol produces, as tidy rows (one array per output file). */
export interface StatsProtocolResult {
  readonly ttest: {
    feature: string;
    endpoint: string;
    nEvent: number;
    nNoEvent: number;
    statistic: number;
    df: number;
    p: number;
    q: number;
  }[];
  readonly inclusion: { feature: string; endpoint: string; probability: number }[];
  readonly selected: { endpoint: string; rank: number; feature: string }[];
  readonly metrics: {
    endpoint: string;
    model: string;
    protocol: string;
    metric: string;
    mean: number;
    lower: number;
    upper: number;
  }[];
  readonly roc: { endpoint: string; model: string; protocol: string; fpr: number; tpr: number }[];
  readonly summary: Record<string, unknown>;
}

/**
 * Run screening (t-test + BH), bootstrap LASSO inclusion, top-k selection and logistic evaluation
 * (bootstrap and k-fold; nested and the paper's optimistic order) for every endpoint.
 * Nested selection fits one LASSO with the λ rule on each training split and keeps its non-zero
 * features (at most topK, by |standardised coefficient|). Bootstrap resamples and splits run on one
 * worker thread per core when the problem is large (`parallelInclusion`, `parallelEvaluation`); the
 * numbers never depend on the worker count.
 *
 * @param matrix patients × features
 * @param input feature names and endpoints (name → per-patient 1/0/NaN)
 * @param options settings
 * @returns the output tables and summary
 * @throws {RangeError} when an endpoint is unusable (one class, or < 2 per class)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "../../../stats/mod.ts";
 * import { statsProtocol } from "./stats_protocol.ts";
 * const y = Array.from({ length: 24 }, (_, i) => i % 2);
 * const m = featureMatrix([y.map((v, i) => v + Math.sin(i)), y.map((_, i) => Math.cos(5 * i))]);
 * const r = await statsProtocol(m, { featureNames: ["a", "b"], endpoints: { os2y: y } },
 *   { inclusionResamples: 5, evaluationResamples: 5, folds: 3, topK: 1 });
 * assert.equal(r.selected[0]!.feature, "a");
 * ```
 */
export async function statsProtocol(
  matrix: FeatureMatrix,
  input: { readonly featureNames: readonly string[]; readonly endpoints: Readonly<Record<string, ArrayLike<number>>> },
  options: StatsProtocolOptions = {},
): Promise<StatsProtocolResult> {
  const seed = options.seed ?? 42;
  const topK = options.topK ?? 20;
  const qCut = options.qThreshold ?? 0.05;
  const rule = options.rule ?? { kind: "nonzero", count: topK };
  const names = input.featureNames;
  const out: StatsProtocolResult = { ttest: [], inclusion: [], selected: [], metrics: [], roc: [], summary: {} };
  const perEndpoint: Record<string, unknown> = {};
  const significant: Set<number>[] = [];
  for (const [endpoint, y] of Object.entries(input.endpoints)) {
    options.onProgress?.(`screening ${endpoint}`);
    const s = screenFeatures(matrix, y, { test: options.test ?? "welch" });
    const q = benjaminiHochberg(s.pValue);
    const sig = new Set<number>();
    for (let j = 0; j < matrix.nCols; j++) {
      out.ttest.push({
        feature: names[j]!,
        endpoint,
        nEvent: s.nEvent,
        nNoEvent: s.nNoEvent,
        statistic: s.statistic[j]!,
        df: s.df[j]!,
        p: s.pValue[j]!,
        q: q[j]!,
      });
      if (q[j]! < qCut) sig.add(j);
    }
    significant.push(sig);
    options.onProgress?.(`LASSO inclusion ${endpoint}`);
    const inc = await parallelInclusion(matrix, y, {
      rng: createRng(seed, `inclusion/${endpoint}`),
      resamples: options.inclusionResamples ?? 1000,
      topK,
      rule,
    });
    inc.probability.forEach((p, j) => p > 0 && out.inclusion.push({ feature: names[j]!, endpoint, probability: p }));
    inc.top.forEach((j, r) => out.selected.push({ endpoint, rank: r + 1, feature: names[j]! }));
    const top = selectColumns(matrix, inc.top);
    const model = `lasso_top${topK}`;
    for (const kind of ["bootstrap", "kfold"] as const) {
      const protocol = kind === "bootstrap"
        ? { kind, resamples: options.evaluationResamples ?? 1000, trainFraction: options.trainFraction ?? 0.7 }
        : { kind, folds: options.folds ?? 6 };
      for (const mode of ["optimistic", "nested"] as const) {
        options.onProgress?.(`evaluation ${endpoint} ${kind} ${mode}`);
        const ev = await parallelEvaluation(mode === "nested" ? matrix : top, y, {
          rng: createRng(seed, `evaluation/${endpoint}/${kind}`),
          protocol,
          ...(mode === "nested" ? { nested: { topK, rule } } : {}),
          ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
        });
        const label = `${kind}-${mode}`;
        for (const [metric, m] of Object.entries(ev.metrics)) {
          out.metrics.push({ endpoint, model, protocol: label, metric, mean: m.mean, lower: m.lower, upper: m.upper });
        }
        ev.roc.fpr.forEach((f, k) => out.roc.push({ endpoint, model, protocol: label, fpr: f, tpr: ev.roc.tpr[k]! }));
        perEndpoint[`${endpoint}/${label}`] = { splits: ev.splits, skipped: ev.skipped, ridgeFits: ev.ridgeFits };
      }
    }
    perEndpoint[endpoint] = {
      nEvent: s.nEvent,
      nNoEvent: s.nNoEvent,
      nExcluded: matrix.nRows - s.nEvent - s.nNoEvent,
      nonFiniteFeatures: s.nonFinite.length,
      degenerateFeatures: s.degenerate.length,
      significant: sig.size,
      inclusionResamplesUsed: inc.used,
      inclusionResamplesSkipped: inc.skipped,
    };
  }
  const inAll = significant.length === 0
    ? 0
    : [...significant[0]!].filter((j) => significant.every((s) => s.has(j))).length;
  Object.assign(out.summary, {
    settings: {
      test: options.test ?? "welch",
      qThreshold: qCut,
      inclusionResamples: options.inclusionResamples ?? 1000,
      topK,
      rule,
      evaluationResamples: options.evaluationResamples ?? 1000,
      trainFraction: options.trainFraction ?? 0.7,
      folds: options.folds ?? 6,
      threshold: options.threshold ?? 0.5,
      optimisticNote: '"*-optimistic" rows select features on all patients before evaluating: optimistic by design',
    },
    seed,
    nPatients: matrix.nRows,
    nFeatures: matrix.nCols,
    significantInAllEndpoints: inAll,
    endpoints: perEndpoint,
  });
  return out;
}
