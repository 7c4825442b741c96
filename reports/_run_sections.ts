/**
 * The sections of a run report, each a pure function of {@linkcode ReportData} returning markup
 * (and PNG assets). Private to `reports/`; `renderReport` puts them on a page.
 *
 * @module
 */

import { endpointLabel, metricLabel, orderBy, PROTOCOL_ORDER, protocolLabel } from "./_labels.ts";
import { escapeHtml, formatNumber } from "./_plot.ts";
import { kmFigure } from "./km_figure.ts";
import { kmSteps } from "./km_steps.ts";
import { metricFigure } from "./metric_figure.ts";
import { metricIntervals } from "./metric_intervals.ts";
import { pvalueBins } from "./pvalue_bins.ts";
import { pvalueHistogram } from "./pvalue_histogram.ts";
import type { ReportData } from "./report_data.ts";
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
    metricFigure(metricIntervals(data.metrics, { protocols: [p] }), {
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
    })
  );
  return `<section id="performance"><h2>Prediction performance</h2>${parts.join("")}</section>`;
}

/** Kaplan–Meier curves. */
export function survivalSection(data: ReportData): string {
  return `<section id="survival"><h2>Survival</h2>${kmFigure(kmSteps(data.km))}</section>`;
}

/** Figure 4a/4b panels and their PNG files. */
export function volumeSection(data: ReportData, assetDir: string): { html: string; files: ReportAsset[] } {
  const files: ReportAsset[] = [];
  const group = (kind: "activation" | "saliency", id: string, title: string) => {
    const panels = data.volumes.filter((v) => v.kind === kind).map((v) => {
      const p = saliencyPanel(v, { assetDir });
      files.push(...p.files);
      return p.html;
    });
    const body = panels.length ? panels.join("") : `<p class="empty">No ${kind} volumes in this run.</p>`;
    return `<div id="${id}"><h3>${title}</h3><div class="volumes">${body}</div></div>`;
  };
  const html = `<section id="visualisation"><h2>What the networks see</h2>` +
    group("activation", "fig-4a", "Figure 4a. Feature visualisation (activation maximisation)") +
    group("saliency", "fig-4b", "Figure 4b. Saliency of the death probability over the CT") + `</section>`;
  return { html, files };
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
