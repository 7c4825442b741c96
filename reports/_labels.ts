/**
 * Display names shared by the figures, private to `reports/`. Unknown ids display as themselves.
 *
 * @module
 */

const MODELS: Record<string, string> = {
  unet: "U-Net features",
  tlg: "TLG",
  radiomics: "Radiomic features",
  cnn: "CNN (end to end)",
};
const PROTOCOLS: Record<string, string> = {
  // The statistics' protocol ids (the evaluate stage and `deepmarker stats` write these).
  "bootstrap-optimistic":
    "paper protocol: features selected on all patients, then bootstrap train/test evaluation (optimistic)",
  "bootstrap-nested": "nested bootstrap: features re-selected inside every training split",
  "kfold-optimistic": "k-fold cross-validation, features selected on all patients (optimistic)",
  "kfold-nested": "k-fold cross-validation, features re-selected inside every training fold",
};
const METRICS: Record<string, string> = {
  accuracy: "Accuracy",
  sensitivity: "Sensitivity",
  specificity: "Specificity",
  auc: "ROC AUC",
};

const SALIENCY: Record<string, string> = {
  gradient: "Plain-gradient (∂P/∂x)",
  gradientTimesInput: "Gradient × input (∂P/∂x · x)",
  guided: "Guided-backpropagation",
};

/** Display name of a saliency method id (`gradient`, `gradientTimesInput`, `guided`). */
export function saliencyMethodLabel(method: string): string {
  return SALIENCY[method] ?? method;
}

/** Display name of a model id. */
export function modelLabel(model: string): string {
  return MODELS[model] ?? model;
}

/** One-line description of an evaluation protocol id. */
export function protocolLabel(protocol: string): string {
  return PROTOCOLS[protocol] ?? protocol;
}

/** Display name of a metric id. */
export function metricLabel(metric: string): string {
  return METRICS[metric] ?? metric;
}

/** Display name of an endpoint id: `os2y` → `2-year OS`. */
export function endpointLabel(endpoint: string): string {
  const m = /^([a-z]+)_?(\d+)y$/.exec(endpoint);
  return m ? `${m[2]}-year ${m[1]!.toUpperCase()}` : endpoint;
}

/** Modality of a feature name: `C…` → `CT`, `P…` → `PET`, anything else → `other`. */
export function featureModality(feature: string): string {
  return /^C\d+$/.test(feature) ? "CT" : /^P\d+$/.test(feature) ? "PET" : "other";
}

/** Order of a value within a preferred list; unknown values sort after, alphabetically. */
export function orderBy(preferred: readonly string[]): (a: string, b: string) => number {
  return (a, b) => {
    const ia = preferred.indexOf(a);
    const ib = preferred.indexOf(b);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || (a < b ? -1 : a > b ? 1 : 0);
  };
}

/** Preferred display orders. */
export const ENDPOINT_ORDER = ["os2y", "os5y", "dss2y", "dss5y"] as const;
/** Preferred model order. */
export const MODEL_ORDER = ["unet", "tlg", "radiomics", "cnn"] as const;
/** Preferred metric order (Figure 3). */
export const METRIC_ORDER = ["accuracy", "sensitivity", "specificity", "auc"] as const;
/** Preferred protocol order. */
export const PROTOCOL_ORDER = [
  "bootstrap-optimistic",
  "bootstrap-nested",
  "kfold-optimistic",
  "kfold-nested",
] as const;

const PALETTE = ["#4269d0", "#efb118", "#3ca951", "#ff725c", "#a463f2", "#97bbf5", "#9c6b4e", "#6cc5b0"];

/** Colour scale for model labels: the known models keep one colour in every figure. */
export function modelColors(labels: readonly string[]): { domain: string[]; range: string[] } {
  const known = MODEL_ORDER.map(modelLabel);
  const domain = [...new Set(labels)].sort(orderBy(known));
  let extra = known.length;
  return {
    domain,
    range: domain.map((l) => PALETTE[known.includes(l) ? known.indexOf(l) : extra++ % PALETTE.length]!),
  };
}
