/**
 * Write a run's static HTML report: `index.html` plus PNG slices under `assets/`.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { escapeHtml } from "./_plot.ts";
import { pageHtml } from "./_page.ts";
import {
  manifestSection,
  performanceSection,
  screeningSection,
  summarySection,
  survivalSection,
  tableSection,
  truthSection,
  volumeSection,
} from "./_run_sections.ts";
import type { ReportData } from "./report_data.ts";

/** Options of {@linkcode renderReport}. */
export interface RenderReportOptions {
  /**
   * Page title.
   * @default "deepmarker — <experiment> / <run id>"
   */
  readonly title?: string;
  /**
   * Significance threshold shown in Figure 2 and the table.
   * @default 0.05
   */
  readonly alpha?: number;
}

/** What {@linkcode renderReport} wrote. */
export interface RenderedReport {
  /** Path of `index.html`. */
  readonly index: string;
  /** Every file written, relative to the output folder (`index.html` first). */
  readonly files: readonly string[];
}

/**
 * Render the report of one run into `outDir` (created if needed): a self-contained `index.html`
 * (inline SVG, CSS and script; no request leaves the folder, works from `file://`) and the PNG
 * slices of the saliency and feature-visualisation viewers under `outDir/assets/`. Nothing is
 * recomputed: the figures come from the stored results in `data`. The run manifest is shown and
 * also embedded as JSON in `<script id="run-manifest">`.
 *
 * @param data the run's stored results ({@linkcode loadReportData})
 * @param outDir output folder, e.g. `out/<experiment>/<run>`
 * @param options title, alpha
 * @returns the paths written
 *
 * @example Usage
 * ```ts ignore
 * const data = await loadReportData("fixtures/data/report");
 * const { index } = await renderReport(data, "out/demo/demo-0001");
 * ```
 */
export async function renderReport(
  data: ReportData,
  outDir: string,
  options: RenderReportOptions = {},
): Promise<RenderedReport> {
  const m = data.manifest;
  const { alpha = 0.05, title = `deepmarker — ${m.experiment} / ${m.runId}` } = options;
  const volumes = volumeSection(data, "assets");
  const nav = [
    ["summary", "Summary"],
    ["screening", "Screening (Fig. 2)"],
    ["performance", "Performance (Fig. 3, ROC)"],
    ["survival", "Survival"],
    ["visualisation", "Visualisation (Fig. 4)"],
    ["features", "Selected features"],
    ...(data.truthCorrelation.length ? [["truth", "Known truth"]] : []),
    ["manifest", "Manifest"],
  ].map(([id, label]) => `<a href="#${id}">${label}</a>`).join("");
  const body = `<header><h1>${escapeHtml(title)}</h1><p class="subtitle">` +
    `${m.variant ? `variant ${escapeHtml(m.variant)} · ` : ""}code ${escapeHtml(m.codeVersion)} · backend ` +
    `${escapeHtml(m.backend)} · seed ${m.seed} · spec ${escapeHtml(m.specHash.slice(0, 12))}</p></header>` +
    `<nav>${nav}</nav>` + summarySection(data) + screeningSection(data, alpha) + performanceSection(data) +
    survivalSection(data) + volumes.html + tableSection(data, alpha) + truthSection(data) + manifestSection(data);
  const manifest = {
    "run_id": m.runId,
    experiment: m.experiment,
    variant: m.variant,
    "spec_hash": m.specHash,
    "code_version": m.codeVersion,
    backend: m.backend,
    seed: m.seed,
  };
  await Deno.mkdir(join(outDir, "assets"), { recursive: true });
  const index = join(outDir, "index.html");
  await Deno.writeTextFile(index, pageHtml(title, body, { id: "run-manifest", value: manifest }));
  for (const f of volumes.files) {
    await Deno.mkdir(dirname(join(outDir, f.path)), { recursive: true });
    await Deno.writeFile(join(outDir, f.path), f.bytes);
  }
  return { index, files: ["index.html", ...volumes.files.map((f) => f.path)] };
}
