/**
 * Input types of the report: what the statistics engine and the pipeline stages store for one run,
 * read back by {@linkcode loadReportData}. The table rows are the very types of the files' one
 * writer and reader (`pipeline/study/artifacts/`), so a renamed column is a type error here too.
 * Nothing here computes anything.
 *
 * @module
 */
import type {
  InclusionRecord,
  KmRecord,
  MetricRecord,
  RocRecord,
  SelectedRecord,
  TlgCorrelationRecord,
  TTestRecord,
} from "../pipeline/study/artifacts/stats_tables.ts";

/** One row of `ttest.csv` (the screening test of one feature for one endpoint, with its BH q-value). */
export type TTestRow = Readonly<TTestRecord>;
/** One row of `inclusion.csv`: LASSO inclusion probability over bootstrap resamples. */
export type InclusionRow = Readonly<InclusionRecord>;
/** One row of `selected.csv`: the features kept for the logistic model, rank 1 = highest inclusion. */
export type SelectedRow = Readonly<SelectedRecord>;
/** One row of `metrics.csv`: a metric (`accuracy`, `sensitivity`, `specificity`, `auc`) with its 95 % interval. */
export type MetricRow = Readonly<MetricRecord>;
/** One point of `roc.csv`: the ROC curve of the test-set predictions pooled over all resamples. */
export type RocRow = Readonly<RocRecord>;
/** One step point of a Kaplan–Meier curve (`km.csv`), `nRisk` patients at risk just before `time`. */
export type KmRow = Readonly<KmRecord>;
/** One row of `tlg_correlation.csv`: Pearson correlation of a selected feature with TLG. */
export type TlgCorrelationRow = Readonly<TlgCorrelationRecord>;

/** Counts of one endpoint in `summary.json`. */
export interface EndpointCounts {
  readonly endpoint: string;
  readonly nEvent: number;
  readonly nNoEvent: number;
  /** Patients excluded from this endpoint, with why. */
  readonly exclusions: readonly { readonly reason: string; readonly count: number }[];
}

/** `summary.json`: settings of the statistics run and the cohort counts per endpoint. */
export interface StatsSummary {
  readonly settings: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly endpoints: readonly EndpointCounts[];
}

/** Timing and cache outcome of one stage. */
export interface StageTiming {
  readonly stage: string;
  /** Wall time in seconds (0 on a cache hit). */
  readonly seconds: number;
  readonly cached: boolean;
  /** Git version of the code that computed the stage's cache entry (may predate this run's). */
  readonly codeVersion?: string;
  /** Digest of the stage's code closure (its module, imports and npm packages), first 12 hex digits. */
  readonly codeDigest?: string;
  /** Compute backend the entry was computed on, where the stage has one. */
  readonly backend?: string;
}

/** `run.json`: the run manifest embedded in every report. */
export interface RunManifest {
  readonly runId: string;
  readonly experiment: string;
  /** Variant name of a matrix experiment (`""` when there is none). */
  readonly variant: string;
  /** The spec's YAML text as run. */
  readonly spec: string;
  /** sha256 of the canonical spec. */
  readonly specHash: string;
  readonly codeVersion: string;
  /** Compute backend actually used, e.g. `tfjs-cpu`. */
  readonly backend: string;
  readonly seed: number;
  readonly stages: readonly StageTiming[];
  /** Soft problems collected during the run, shown once each. */
  readonly warnings: readonly string[];
}

/** A 3D volume for a saliency or feature-visualisation panel. */
export interface ReportVolume {
  /** Stable id, used in HTML ids and PNG file names (`[a-z0-9_-]`). */
  readonly id: string;
  /** `saliency`: heat map over `background`; `activation`: an activation-maximisation input, grey. */
  readonly kind: "saliency" | "activation";
  readonly title: string;
  /** Modality the volume belongs to (`CT` or `PET`). */
  readonly modality: string;
  /** Endpoint for saliency of a death probability (`""` otherwise). */
  readonly endpoint: string;
  /** `[nx, ny, nz]`; data is x fastest: `data[i + nx * (j + ny * k)]`. */
  readonly dims: readonly [number, number, number];
  /** Voxel spacing in mm along x, y, z. */
  readonly spacing: readonly [number, number, number];
  readonly data: Float32Array;
  /** Crop CT in HU with the same dims (saliency only). */
  readonly background?: Float32Array;
}

/** Everything a run report is built from. */
export interface ReportData {
  readonly manifest: RunManifest;
  readonly summary: StatsSummary;
  readonly ttest: readonly TTestRow[];
  readonly inclusion: readonly InclusionRow[];
  readonly selected: readonly SelectedRow[];
  readonly metrics: readonly MetricRow[];
  readonly roc: readonly RocRow[];
  readonly km: readonly KmRow[];
  readonly tlgCorrelation: readonly TlgCorrelationRow[];
  readonly volumes: readonly ReportVolume[];
}
