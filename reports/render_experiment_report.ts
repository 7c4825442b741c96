/**
 * Write the report of a matrix experiment: its variants side by side, with the parameters that
 * differ between them highlighted.
 *
 * @module
 */

import { join } from "node:path";
import { ENDPOINT_ORDER, endpointLabel, metricLabel, orderBy, protocolLabel } from "./_labels.ts";
import { pageHtml } from "./_page.ts";
import { escapeHtml, formatNumber } from "./_plot.ts";
import { variantFigure } from "./variant_figure.ts";
import type { ReportData } from "./report_data.ts";
import { stabilitySection } from "./_stability_section.ts";
import type { RenderedReport } from "./render_report.ts";

/** One variant of a matrix experiment. */
export interface ExperimentVariant {
  /** Variant name, e.g. `alpha=0.5`. */
  readonly name: string;
  /** The concrete parameters of this variant (flattened dotted keys, e.g. `lasso.alpha`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The variant's stored results. */
  readonly data: ReportData;
  /** Link to the variant's own report, relative to the experiment page (e.g. `alpha-0.5/index.html`). */
  readonly href?: string;
}

/** Options of {@linkcode renderExperimentReport}. */
export interface RenderExperimentReportOptions {
  /**
   * Page title.
   * @default "deepmarker — <experiment>: <n> variants"
   */
  readonly title?: string;
  /**
   * Protocol compared.
   * @default "bootstrap-nested" when present, else the first protocol found
   */
  readonly protocol?: string;
  /**
   * Metric compared.
   * @default "auc"
   */
  readonly metric?: string;
}

const show = (v: unknown) => typeof v === "string" ? v : JSON.stringify(v) ?? "—";

/**
 * Render `outDir/index.html` for a matrix experiment: a sortable table with one row per variant
 * (the parameters that differ between variants, and the U-Net features' metric per endpoint with
 * 95 % interval; every parameter behind a toggle), then one chart per endpoint with every variant
 * on one axis and the comparators beside the U-Net features. Self-contained like
 * {@linkcode renderReport}.
 *
 * @param variants the variants, in display order
 * @param outDir output folder, e.g. `out/<experiment>`
 * @param options title, protocol, metric
 * @returns the paths written
 * @throws {RangeError} when `variants` is empty
 *
 * @example Usage
 * ```ts ignore
 * const a = await loadReportData("runs/a"), b = await loadReportData("runs/b");
 * await renderExperimentReport([
 *   { name: "alpha=1", params: { "lasso.alpha": 1 }, data: a, href: "a/index.html" },
 *   { name: "alpha=0.5", params: { "lasso.alpha": 0.5 }, data: b, href: "b/index.html" },
 * ], "out/ablation");
 * ```
 */
export async function renderExperimentReport(
  variants: readonly ExperimentVariant[],
  outDir: string,
  options: RenderExperimentReportOptions = {},
): Promise<RenderedReport> {
  if (variants.length === 0) throw new RangeError("Cannot render an experiment report: no variants given");
  const experiment = variants[0]!.data.manifest.experiment;
  const { title = `deepmarker — ${experiment}: ${variants.length} variants`, metric = "auc" } = options;
  const protocols = [...new Set(variants.flatMap((v) => v.data.metrics.map((m) => m.protocol)))];
  const protocol = options.protocol ??
    (protocols.includes("bootstrap-nested") ? "bootstrap-nested" : protocols[0] ?? "bootstrap-nested");
  const keys = [...new Set(variants.flatMap((v) => Object.keys(v.params)))].sort();
  const differs = new Set(keys.filter((k) => new Set(variants.map((v) => show(v.params[k]))).size > 1));
  const endpoints = [...new Set(variants.flatMap((v) => v.data.metrics.map((m) => m.endpoint)))].sort(
    orderBy(ENDPOINT_ORDER),
  );
  const shown = keys.filter((k) => differs.has(k));
  const head = [
    "Variant",
    ...shown,
    ...endpoints.map((e) => `${metricLabel(metric)} ${endpointLabel(e)}`),
    "Seed",
  ].map((h, i) =>
    `<th scope="col" aria-sort="none"${i > 0 && i <= shown.length ? ' class="differs"' : ""}>` +
    `<button type="button" data-col="${i}">${escapeHtml(h)}</button></th>`
  ).join("");
  const metricOf = (v: ExperimentVariant, e: string, model: string) =>
    v.data.metrics.find((r) => r.endpoint === e && r.model === model && r.protocol === protocol && r.metric === metric);
  const rows = variants.map((v) => {
    const name = v.href ? `<a href="${escapeHtml(v.href)}">${escapeHtml(v.name)}</a>` : escapeHtml(v.name);
    const params = shown.map((k) =>
      `<td data-value="${escapeHtml(show(v.params[k]))}" class="differs">${escapeHtml(show(v.params[k]))}</td>`
    );
    const values = endpoints.map((e) => {
      const m = metricOf(v, e, "unet");
      return m
        ? `<td data-value="${m.mean}">${formatNumber(m.mean)} [${formatNumber(m.lower)}, ${formatNumber(m.upper)}]</td>`
        : `<td data-value="">—</td>`;
    });
    return `<tr><td data-value="${escapeHtml(v.name)}">${name}</td>${params.join("")}${values.join("")}` +
      `<td data-value="${v.data.manifest.seed}">${v.data.manifest.seed}</td></tr>`;
  }).join("\n");
  const table = `<table class="sortable" id="table-variants"><caption>One row per variant, with the parameters ` +
    `that differ between variants (${shown.length ? shown.map(escapeHtml).join(", ") : "none"}); every parameter ` +
    `is under "All parameters". ${escapeHtml(metricLabel(metric))} of the U-Net features: mean [95 % interval]; ` +
    `protocol: ${escapeHtml(protocolLabel(protocol))}.</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n` +
    `</tbody></table>`;
  const all = `<details id="all-parameters"><summary>All parameters (${keys.length})</summary>` +
    `<table id="table-all-parameters"><thead><tr><th>Parameter</th>${
      variants.map((v) => `<th>${escapeHtml(v.name)}</th>`).join("")
    }</tr></thead><tbody>${
      keys.map((k) =>
        `<tr><td${differs.has(k) ? ' class="differs"' : ""}>${escapeHtml(k)}</td>${
          variants.map((v) => `<td>${escapeHtml(show(v.params[k]))}</td>`).join("")
        }</tr>`
      ).join("")
    }</tbody></table></details>`;
  const figureRows = variants.flatMap((v) =>
    endpoints.flatMap((e) =>
      [...new Set(v.data.metrics.map((m) => m.model))].flatMap((model) => {
        const m = metricOf(v, e, model);
        return m ? [{ variant: v.name, endpoint: e, model, mean: m.mean, lower: m.lower, upper: m.upper }] : [];
      })
    )
  );
  const figure = variantFigure(figureRows, {
    metric,
    note: `Protocol: ${protocolLabel(protocol)}. Runs: ${variants.map((v) => v.data.manifest.runId).join(", ")}.`,
  });
  const stability = stabilitySection(variants);
  const body = `<header><h1>${escapeHtml(title)}</h1><p class="subtitle">Experiment ${escapeHtml(experiment)} · ` +
    `${variants.length} variants · ${escapeHtml(metricLabel(metric))} · ${
      escapeHtml(protocolLabel(protocol))
    }</p></header>` +
    `<section id="variants"><h2>Variants</h2>${table}${all}</section>` +
    `<section id="comparison"><h2>${escapeHtml(metricLabel(metric))} of the variants</h2>${figure}</section>` +
    stability;
  const manifest = variants.map((v) => ({
    variant: v.name,
    "run_id": v.data.manifest.runId,
    "spec_hash": v.data.manifest.specHash,
    "code_version": v.data.manifest.codeVersion,
    backend: v.data.manifest.backend,
    seed: v.data.manifest.seed,
  }));
  await Deno.mkdir(outDir, { recursive: true });
  const index = join(outDir, "index.html");
  await Deno.writeTextFile(index, pageHtml(title, body, { id: "experiment-manifest", value: manifest }));
  return { index, files: ["index.html"] };
}
