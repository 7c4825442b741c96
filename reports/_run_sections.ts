/**
 * The sections of a run report, each a pure function of {@linkcode ReportData} returning markup
 * (and PNG assets). Private to `reports/`; `renderReport` puts them on a page.
 *
 * @module
 */

import {
  endpointLabel,
  METRIC_ORDER,
  metricLabel,
  modelLabel,
  orderBy,
  PROTOCOL_ORDER,
  protocolLabel,
  saliencyMethodLabel,
} from "./_labels.ts";
import { foldBoxFigure } from "./fold_box_figure.ts";
import { escapeHtml, formatNumber } from "./_plot.ts";
import { concentrationFigure } from "./concentration_figure.ts";
import { kmFigure } from "./km_figure.ts";
import { kmSteps } from "./km_steps.ts";
import { metricFigure } from "./metric_figure.ts";
import { metricIntervals } from "./metric_intervals.ts";
import { pvalueBins } from "./pvalue_bins.ts";
import { pvalueHistogram } from "./pvalue_histogram.ts";
import type { ReportData, ReportVolume, SaliencyCheckRow } from "./report_data.ts";
import { rocBands } from "./roc_bands.ts";
import { rocFigure } from "./roc_figure.ts";
import { type ReportAsset, saliencyPanel } from "./saliency_panel.ts";
import { selectedFeatureRows } from "./selected_feature_rows.ts";
import { selectedPvalueFigure } from "./selected_pvalue_figure.ts";
import { selectedVsOther } from "./selected_vs_other.ts";
import { sortableTable } from "./sortable_table.ts";
import { upsetFigure } from "./upset_figure.ts";
import { upsetIntersections } from "./upset_intersections.ts";

/** "n per endpoint" sentence for captions. */
export function cohortNote(data: ReportData): string {
  const parts = data.summary.endpoints.map((e) =>
    `${endpointLabel(e.endpoint)} ${e.nEvent} events / ${e.nNoEvent} without`
  );
  return parts.length ? `Patients per endpoint: ${parts.join("; ")}.` : "";
}

/** Header, cohort counts, exclusions, warnings and settings. */
export function summarySection(data: ReportData): string {
  const m = data.manifest;
  const rows = data.summary.endpoints.map((e) => {
    const excluded = e.exclusions.reduce((s, x) => s + x.count, 0);
    const why = e.exclusions.map((x) => `${x.count} ${x.reason}`).join("; ") || "—";
    return `<tr><td>${escapeHtml(endpointLabel(e.endpoint))}</td><td>${e.nEvent}</td><td>${e.nNoEvent}</td>` +
      `<td>${e.nEvent + e.nNoEvent}</td><td>${excluded}</td><td>${escapeHtml(why)}</td></tr>`;
  }).join("");
  const settings = Object.entries(data.summary.settings).map(([k, v]) =>
    `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(typeof v === "string" ? v : JSON.stringify(v))}</dd>`
  ).join("");
  const warnings = m.warnings.length
    ? `<h3>Warnings</h3><ul class="warnings">${m.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul>`
    : "";
  return `<section id="summary"><h2>Summary</h2>` +
    `<table id="table-counts"><caption>Cohort per endpoint: events (death before the horizon), patients followed ` +
    `past it without the event, and exclusions with why.</caption><thead><tr><th>Endpoint</th><th>Events</th>` +
    `<th>No event</th><th>n analysed</th><th>Excluded</th><th>Why excluded</th></tr></thead><tbody>${rows}</tbody></table>` +
    `${warnings}<h3>Statistics settings</h3><dl class="manifest">${settings}<dt>seed</dt><dd>${data.summary.seed}</dd></dl>` +
    `</section>`;
}

/** Figure 2a–c. */
export function screeningSection(data: ReportData, alpha: number): string {
  const note = cohortNote(data);
  return `<section id="screening"><h2>Univariate screening and feature selection</h2>` +
    pvalueHistogram(pvalueBins(data.ttest), { alpha, note }) +
    upsetFigure(upsetIntersections(data.ttest, { alpha }), { alpha, note }) +
    selectedPvalueFigure(selectedVsOther(data.ttest, data.selected), { alpha, note }) + `</section>`;
}

/** Protocol ids in the run, in display order. */
export function protocolsOf(data: ReportData): string[] {
  return [...new Set([...data.metrics, ...data.roc].map((r) => r.protocol))].sort(orderBy(PROTOCOL_ORDER));
}

/** Figure 3 and ROC curves, one of each per protocol. */
export function performanceSection(data: ReportData): string {
  const note = cohortNote(data);
  const parts = protocolsOf(data).map((p) =>
    metricFigure(metricIntervals(data.metrics, { protocols: [p], metrics: METRIC_ORDER }), {
      id: `fig-3-${p}`,
      title: `Figure 3 (${protocolLabel(p).split(":")[0]}). ${
        ["accuracy", "sensitivity", "specificity", "auc"].map(metricLabel).join(", ")
      } with 95 % intervals`,
      note,
    }) +
    rocFigure(rocBands(data.roc.filter((r) => r.protocol === p)), {
      id: `fig-roc-${p}`,
      title: `ROC curves (${protocolLabel(p).split(":")[0]})`,
      note,
    }) + (p.startsWith("kfold")
      ? foldBoxFigure((data.splitMetrics ?? []).filter((r) => r.protocol === p), {
        id: `fig-cv-box-${p}`,
        title: `Figure 2 of the journal version (${protocolLabel(p).split(" (")[0]}). Metrics over the folds`,
        note,
      })
      : "") +
    comparisonTable(data, p)
  );
  return `<section id="performance"><h2>Prediction performance</h2>${parts.join("")}</section>`;
}

/** Paired AUC comparisons of the U-Net-feature model with each comparator under one protocol. */
function comparisonTable(data: ReportData, protocol: string): string {
  const rows = (data.comparisons ?? []).filter((r) => r.protocol === protocol).map((r) => ({
    ...r,
    endpointName: endpointLabel(r.endpoint),
    comparatorName: modelLabel(r.comparator),
    splitName: r.split === "pooled" || r.split === "resamples" ? r.split : `fold ${Number(r.split) + 1}`,
  }));
  if (rows.length === 0) return "";
  const f = (x: unknown) => formatNumber(x as number);
  const kfold = protocol.startsWith("kfold");
  return sortableTable(rows, {
    id: `table-compare-${protocol}`,
    caption: `U-Net features vs each comparator on the same test sets (${protocolLabel(protocol)}). ` +
      (kfold
        ? 'Paired DeLong test per fold and on the pooled out-of-fold predictions ("pooled"); interval: ' +
          "difference ± 1.96 SE. "
        : "Paired bootstrap: the AUC difference in each resample, its mean and 2.5–97.5 % percentiles; p: " +
          "twice the share of resamples on the far side of 0. ") +
      "Highlighted: p < 0.05. Click a header to sort.",
    highlight: (r) => r.p < 0.05,
    columns: [
      { key: "endpointName", label: "Endpoint" },
      { key: "comparatorName", label: "Comparator" },
      { key: "splitName", label: "Test sets" },
      { key: "aucModel", label: "AUC U-Net", format: f },
      { key: "aucComparator", label: "AUC comparator", format: f },
      { key: "difference", label: "Difference", format: f },
      { key: "lower", label: "95 % lower", format: f },
      { key: "upper", label: "95 % upper", format: f },
      { key: "p", label: "p", format: f },
    ],
  });
}

/** Kaplan–Meier curves. */
export function survivalSection(data: ReportData): string {
  return `<section id="survival"><h2>Survival</h2>${kmFigure(kmSteps(data.km))}</section>`;
}

/** The checks of a saliency volume's map, when the run has them. */
function checkOf(data: ReportData, v: ReportVolume): SaliencyCheckRow | undefined {
  if (v.kind !== "saliency" || v.method === undefined || v.patient === undefined) return undefined;
  return data.saliencyChecks.find((c) =>
    c.method === v.method && c.patient === v.patient && c.modality.toUpperCase() === v.modality.toUpperCase()
  );
}

/** Figure 4a/4b panels (each saliency map with its checks), the methods compared, and their PNG files. */
export function volumeSection(data: ReportData, assetDir: string): { html: string; files: ReportAsset[] } {
  const files: ReportAsset[] = [];
  const group = (kind: "activation" | "saliency", id: string, title: string) => {
    const panels = data.volumes.filter((v) => v.kind === kind).map((v) => {
      const check = checkOf(data, v);
      const p = saliencyPanel(v, { assetDir, ...(check ? { check } : {}) });
      files.push(...p.files);
      return p.html;
    });
    const body = panels.length ? panels.join("") : `<p class="empty">No ${kind} volumes in this run.</p>`;
    return `<div id="${id}"><h3>${title}</h3><div class="volumes">${body}</div></div>`;
  };
  const html = `<section id="visualisation"><h2>What the networks see</h2>` +
    group("activation", "fig-4a", "Figure 4a. Feature visualisation (activation maximisation)") +
    group("saliency", "fig-4b", "Figure 4b. Saliency of the death probability over the CT") +
    saliencyMethodsTable(data.saliencyChecks) +
    (data.concentrations.length ? concentrationFigure(data.concentrations) : "") + `</section>`;
  return { html, files };
}

/** The saliency methods compared on the run's checks: how many maps of each pass each check. */
export function saliencyMethodsTable(checks: readonly SaliencyCheckRow[]): string {
  if (checks.length === 0) return "";
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const groups = [...new Set(checks.map((c) => `${c.modality}\u0000${c.method}`))].map((k) => {
    const [modality, method] = k.split("\u0000") as [string, string];
    return { modality, method, rows: checks.filter((c) => c.modality === modality && c.method === method) };
  });
  const count = (rows: SaliencyCheckRow[], pass: (c: SaliencyCheckRow) => boolean) =>
    `${rows.filter(pass).length} / ${rows.length}`;
  const body = groups.map(({ modality, method, rows: all }) => {
    // Empty maps fail every check; their similarities (1 with another empty map) would bias the means.
    const empty = all.length - all.filter((c) => !c.empty).length;
    const rows = all.filter((c) => !c.empty);
    const last = rows.map((c) => c.model.steps.at(-1)).filter((s) => s !== undefined);
    const cells = [
      modality.toUpperCase(),
      saliencyMethodLabel(method) + (empty ? ` (${empty} of ${all.length} maps empty)` : ""),
      count(all, (c) => c.model.pass),
      `${formatNumber(mean(last.map((s) => s.spearman)), 2)} / ${formatNumber(mean(last.map((s) => s.ssim)), 2)}`,
      count(all, (c) => c.outcome.changes),
      `${formatNumber(mean(rows.map((c) => c.outcome.spearman)), 2)} / ${
        formatNumber(mean(rows.map((c) => c.outcome.ssim)), 2)
      }`,
      count(all, (c) => c.outcome.pass),
      count(all, (c) => c.deletion.pass),
      `${formatNumber(mean(rows.map((c) => c.deletion.effect)))} vs ${
        formatNumber(mean(rows.map((c) => c.deletion.randomEffect)))
      }`,
    ];
    return `<tr>${cells.map((x) => `<td>${escapeHtml(x)}</td>`).join("")}</tr>`;
  }).join("");
  const signal = [...new Map(checks.map((c) => [c.modality, c.outcome])).values()][0]!;
  const head = [
    "Modality",
    "Method",
    "Model check passed",
    "ρ / SSIM, encoder randomised",
    "Changes with permuted outcomes",
    "ρ / SSIM, permuted outcomes",
    "Outcome check passed",
    "Beats random deletion",
    "Mean |ΔP|: map order vs random",
  ].map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const caption = `Which saliency method earns trust on this run: per method, how many of its maps pass each ` +
    `check. Model check: with every encoder block re-initialised (Adebayo et al. 2018, cascading ` +
    `randomisation), the map's Spearman ρ and SSIM with the original fall under the thresholds. Outcome ` +
    `check: the map changes when the logistic head is refitted on permuted outcomes, and the risk model ` +
    `carries outcome signal (nested cross-validated AUC ${formatNumber(signal.signalAuc, 2)}, permutation ` +
    `p = ${formatNumber(signal.signalP, 2)}). Deletion: deleting the map's top voxels moves P(death) more than ` +
    `deleting random voxels, in every random draw. Means leave out empty maps (zero everywhere; they fail every ` +
    `check). A map that fails the model or outcome check shows image ` +
    `structure, not what the model learned about survival.`;
  return `<div id="saliency-methods"><h3>Saliency methods compared</h3><table id="table-saliency-methods">` +
    `<caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Synthetic cohorts: which true driver, if any, each selected feature (and TLG) tracks. */
export function truthSection(data: ReportData): string {
  if (data.truthCorrelation.length === 0) return "";
  const drivers = [...new Set(data.truthCorrelation.map((t) => t.driver))];
  const keys = [...new Set(data.truthCorrelation.map((t) => `${t.endpoint}\u0000${t.feature}`))];
  const cell = (r: number | undefined) => {
    if (r === undefined || Number.isNaN(r)) return `<td data-value="">—</td>`;
    const shade = Math.min(1, Math.abs(r)).toFixed(2);
    const colour = r >= 0 ? `rgba(178,24,43,${shade})` : `rgba(33,102,172,${shade})`;
    const ink = Math.abs(r) > 0.6 ? "#fff" : "#111";
    return `<td data-value="${r}" style="background:${colour};color:${ink}">${formatNumber(r, 2)}</td>`;
  };
  const rows = keys.map((k) => {
    const [endpoint, feature] = k.split("\u0000") as [string, string];
    const of = (driver: string) =>
      data.truthCorrelation.find((t) => t.endpoint === endpoint && t.feature === feature && t.driver === driver)?.r;
    const tlg = data.tlgCorrelation.find((t) => t.endpoint === endpoint && t.feature === feature)?.r;
    const isTlg = !/^[CP]\d+$/.test(feature);
    return `<tr${isTlg ? ' class="reference"' : ""}><td>${escapeHtml(endpointLabel(endpoint))}</td>` +
      `<td>${escapeHtml(isTlg ? `${feature} (reference)` : feature)}</td>${drivers.map((d) => cell(of(d))).join("")}` +
      `${isTlg ? `<td data-value="">—</td>` : cell(tlg)}</tr>`;
  }).join("");
  const head = ["Endpoint", "Feature", ...drivers.map((d) => `r with ${d}`), "r with TLG"]
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const caption = "Known truth (synthetic cohort): Pearson correlation over all patients of each selected U-Net " +
    "feature, and of TLG, with each latent driver of the true outcome model (truth.json) — red positive, blue " +
    "negative, stronger colour = larger |r|. A feature that tracks no driver, or only what TLG already tracks, is " +
    "not a new biomarker.";
  return `<section id="truth"><h2>Known truth</h2><table id="table-truth"><caption>${escapeHtml(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The sortable table of selected features. */
export function tableSection(data: ReportData, alpha: number): string {
  const f = (x: unknown) => formatNumber(x as number);
  const table = sortableTable(selectedFeatureRows(data), {
    id: "table-selected",
    caption: `Features selected by bootstrap LASSO per endpoint (rank 1 = highest inclusion probability). ` +
      `p: t-test; q: Benjamini–Hochberg; r: Pearson correlation with TLG (log). Highlighted: p < ${alpha}. ` +
      `Click a header to sort.`,
    highlight: (r) => r.p < alpha,
    columns: [
      { key: "endpoint", label: "Endpoint" },
      { key: "rank", label: "Rank" },
      { key: "feature", label: "Feature" },
      { key: "modality", label: "Modality" },
      { key: "p", label: "p-value", format: f },
      { key: "q", label: "q-value", format: f },
      { key: "probability", label: "Inclusion probability", format: f },
      { key: "r", label: "r with TLG", format: f },
      { key: "rP", label: "p of r", format: f },
    ],
  });
  return `<section id="features"><h2>Selected features</h2>${table}</section>`;
}

/** Run manifest: ids, versions, timings, cache hits and the spec text. */
export function manifestSection(data: ReportData): string {
  const m = data.manifest;
  const total = m.stages.reduce((s, t) => s + t.seconds, 0);
  const hits = m.stages.filter((t) => t.cached).length;
  const item = (k: string, v: string | number) => `<dt>${k}</dt><dd>${escapeHtml(String(v))}</dd>`;
  const stages = m.stages.map((t) =>
    `<tr><td>${escapeHtml(t.stage)}</td><td data-value="${t.seconds}">${t.seconds.toFixed(2)}</td>` +
    `<td>${t.cached ? "cache hit" : "computed"}</td><td>${escapeHtml(t.codeVersion ?? "")}</td>` +
    `<td><code>${escapeHtml(t.codeDigest ?? "")}</code></td><td>${escapeHtml(t.backend ?? "")}</td></tr>`
  ).join("");
  return `<section id="manifest"><h2>Run manifest</h2><dl class="manifest">` +
    item("run id", m.runId) + item("experiment", m.experiment) + (m.variant ? item("variant", m.variant) : "") +
    item("spec hash (sha256)", m.specHash) + item("code version", m.codeVersion) + item("backend", m.backend) +
    item("seed", m.seed) + item("stages", `${m.stages.length} (${hits} cache hits, ${total.toFixed(1)} s computed)`) +
    `</dl><table id="table-stages"><caption>Time per stage (seconds; 0 on a cache hit), and the code and backend ` +
    `of the cache entry each stage used: a cached entry may come from an earlier commit whose code for that stage ` +
    `is identical (the code digest covers the stage's module, everything it imports and its npm packages).</caption>` +
    `<thead><tr><th>Stage</th><th>Seconds</th><th>Cache</th><th>Code version</th><th>Code digest</th>` +
    `<th>Backend</th></tr></thead><tbody>${stages}</tbody></table>` +
    `<h3>Spec</h3><pre id="spec">${escapeHtml(m.spec)}</pre></section>`;
}
