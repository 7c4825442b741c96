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
  RiskRecord,
  RocRecord,
  SelectedRecord,
  SignatureRecord,
  TlgCorrelationRecord,
  TruthCorrelationRecord,
  TTestRecord,
} from "../pipeline/study/artifacts/stats_tables.ts";
import type { ComparisonRecord, SplitMetricRecord } from "../pipeline/study/artifacts/comparison_tables.ts";
import type { StageTimingRecord } from "../pipeline/study/artifacts/json_file.ts";

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

/** Timing and cache outcome of one stage, and the code and backend of the entry it used. */
export type StageTiming = Readonly<StageTimingRecord>;

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
  /** Saliency method (`gradient`, `gradientTimesInput`, `guided`; saliency only, absent in older runs). */
  readonly method?: string;
  /** Patient id (saliency only, absent in older runs). */
  readonly patient?: string;
}

/** Similarity of a saliency map with a recomputed one: Spearman ρ and SSIM of the absolute values. */
export interface MapSimilarityRow {
  readonly spearman: number;
  readonly ssim: number;
}

/** `checks.json`: the sanity checks of one saliency map (`pipeline/visualise/saliency_checks.ts`). */
export interface SaliencyCheckRow {
  /** `ct` or `pet`. */
  readonly modality: string;
  readonly patient: string;
  readonly method: string;
  /** The map is zero everywhere (every check fails). */
  readonly empty: boolean;
  /** Cascading model randomisation: similarity after each step (`block`: lowest block re-initialised). */
  readonly model: {
    readonly steps: readonly (MapSimilarityRow & { readonly block: string })[];
    readonly pass: boolean;
  };
  /** Outcome randomisation: mean similarity to the permuted-outcome maps and the model's outcome signal. */
  readonly outcome: MapSimilarityRow & {
    readonly changes: boolean;
    readonly signalAuc: number;
    readonly signalP: number;
    readonly pass: boolean;
  };
  /** Deletion curves: P(death) against the fraction deleted, the map's and random orders'. */
  readonly deletion: {
    readonly fractions: readonly number[];
    readonly curve: readonly number[];
    readonly random: readonly (readonly number[])[];
    readonly effect: number;
    readonly randomEffect: number;
    readonly randomSpread: number;
    readonly pass: boolean;
  };
  /** Verdicts in words: model, outcome, deletion. */
  readonly verdicts: readonly string[];
}

/** `concentration.json` (synthetic cohorts): a map's positive-saliency concentration in a known-truth region. */
export interface ConcentrationRow {
  readonly modality: string;
  readonly patient: string;
  readonly method: string;
  /** `tumour`, `contact vessel`, `other vessels`, `ring around tumour`. */
  readonly region: string;
  /** Share of the map's positive mass inside the region ÷ the region's share of the crop (1 = no concentration). */
  readonly ratio: number;
  readonly volumeShare: number;
}

/** `truth_correlation.csv` (synthetic cohorts): a selected feature's (or TLG's) correlation with a true driver. */
export type TruthCorrelationRow = Readonly<TruthCorrelationRecord>;

/** `risk.csv`: a patient's U-Net signature score (log-odds of the endpoint's logistic model). */
export type RiskRow = Readonly<RiskRecord>;

/** `signature.csv`: a patient's value of one selected feature. */
export type SignatureValueRow = Readonly<SignatureRecord>;
/** One row of `split_metrics.csv`: one model's test-set metrics in one split (fold or resample). */
export type SplitMetricRow = Readonly<SplitMetricRecord>;
/** One row of `comparisons.csv`: the U-Net-feature model against a comparator on the same test sets. */
export type ComparisonRow = Readonly<ComparisonRecord>;

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
  /** Saliency concentration in the known-truth regions (synthetic cohorts only). */
  readonly concentrations: readonly ConcentrationRow[];
  /** Correlation of the selected features and TLG with the true drivers (synthetic cohorts only). */
  readonly truthCorrelation: readonly TruthCorrelationRow[];
  /** Per-patient signature scores and selected-feature values (empty in runs from before them). */
  readonly risks: readonly RiskRow[];
  readonly signatureValues: readonly SignatureValueRow[];
  /** Sanity checks of the saliency maps (empty when the run has none). */
  readonly saliencyChecks: readonly SaliencyCheckRow[];
  /** Per-split metrics (`split_metrics.csv`; absent in older runs). */
  readonly splitMetrics?: readonly SplitMetricRow[];
  /** Paired comparisons (`comparisons.csv`; absent in older runs). */
  readonly comparisons?: readonly ComparisonRow[];
}
