/**
 * Input types of the report: what the statistics engine and the pipeline stages store for one run,
 * read back by {@linkcode loadReportData}. Field names are the camelCase forms of the stored CSV
 * columns (`n_event` → `nEvent`). Nothing here computes anything.
 *
 * @module
 */

/** One row of `ttest.csv`: Welch t-test of one feature, event vs no-event group, for one endpoint. */
export interface TTestRow {
  /** Feature name: `C`/`P` + zero-padded bottleneck index (CT/PET), or a classic marker name. */
  readonly feature: string;
  /** Endpoint id, e.g. `os_2y`. */
  readonly endpoint: string;
  /** Patients with the event (death) before the horizon. */
  readonly nEvent: number;
  /** Patients followed past the horizon without the event. */
  readonly nNoEvent: number;
  /** t statistic. */
  readonly statistic: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** Benjamini–Hochberg q-value. */
  readonly q: number;
}

/** One row of `inclusion.csv`: LASSO inclusion probability over bootstrap resamples. */
export interface InclusionRow {
  readonly feature: string;
  readonly endpoint: string;
  /** Fraction of resamples in which the feature had a non-zero coefficient, in [0, 1]. */
  readonly probability: number;
}

/** One row of `selected.csv`: the features kept for the logistic model, rank 1 = highest inclusion. */
export interface SelectedRow {
  readonly endpoint: string;
  readonly rank: number;
  readonly feature: string;
}

/** One row of `metrics.csv`: a performance metric with its 95 % interval. */
export interface MetricRow {
  readonly endpoint: string;
  /** Model, e.g. `unet`, `tlg`, `radiomics`. */
  readonly model: string;
  /** Evaluation protocol, e.g. `paper_bootstrap`, `nested_bootstrap`, `kfold`, `optimistic`. */
  readonly protocol: string;
  /** `accuracy`, `sensitivity`, `specificity` or `auc`. */
  readonly metric: string;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
}

/** One point of `roc.csv`; several resamples of one curve are told apart by `resample` (absent: one curve). */
export interface RocRow {
  readonly endpoint: string;
  readonly model: string;
  readonly protocol: string;
  /** False positive rate in [0, 1]. */
  readonly fpr: number;
  /** True positive rate in [0, 1]. */
  readonly tpr: number;
  /** Resample index (optional column). */
  readonly resample?: number;
}

/** One step point of a Kaplan–Meier curve (`km.csv`). */
export interface KmRow {
  /** Panel, e.g. `os` or `dss`. */
  readonly endpoint: string;
  /** Group label, e.g. `high risk`. */
  readonly group: string;
  /** Time in months. */
  readonly time: number;
  /** Survival probability just after `time`. */
  readonly survival: number;
  /** Lower 95 % bound. */
  readonly lower: number;
  /** Upper 95 % bound. */
  readonly upper: number;
  /** Patients at risk just before `time` (optional column `n_risk`). */
  readonly atRisk?: number;
}

/** One row of `tlg_correlation.csv`: Pearson correlation of a selected feature with TLG. */
export interface TlgCorrelationRow {
  readonly endpoint: string;
  readonly feature: string;
  /** Pearson r. */
  readonly r: number;
  /** Two-sided p-value of r. */
  readonly p: number;
}

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
