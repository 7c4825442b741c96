/**
 * The sanity checks of one saliency map, shown beside its panel: the three verdicts in words and two
 * small inline plots — similarity with the original map along the cascading randomisation of the
 * encoder, and the deletion curve against random deletion.
 *
 * @module
 */

import { escapeHtml, formatNumber } from "./_plot.ts";
import type { SaliencyCheckRow } from "./report_data.ts";

const W = 220;
const H = 120;
const M = { left: 34, right: 8, top: 16, bottom: 28 };

function scale(domain: readonly [number, number], range: readonly [number, number]) {
  const [d0, d1] = domain[1] > domain[0] ? domain : [domain[0] - 1, domain[0] + 1];
  return (v: number) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0]);
}

function polyline(xs: readonly number[], ys: readonly number[], style: string): string {
  const pts = xs.map((x, i) => `${x.toFixed(1)},${ys[i]!.toFixed(1)}`).join(" ");
  return `<polyline points="${pts}" fill="none" ${style}/>`;
}

function frame(title: string, yTicks: readonly [number, number], y: (v: number) => number, xLabel: string): string {
  const ticks = yTicks.map((t) =>
    `<text x="${M.left - 4}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${formatNumber(t, 2)}</text>`
  ).join("");
  return `<text x="${M.left}" y="11" font-weight="bold">${escapeHtml(title)}</text>` +
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#333"/>` +
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#333"/>` +
    `${ticks}<text x="${(M.left + W - M.right) / 2}" y="${H - 4}" text-anchor="middle">${escapeHtml(xLabel)}</text>`;
}

/** Similarity with the original map after each cascade step (step 0: the trained network, 1 by definition). */
function cascadePlot(check: SaliencyCheckRow): string {
  const steps = [{ block: "trained", spearman: 1, ssim: 1 }, ...check.model.steps];
  const x = scale([0, Math.max(1, steps.length - 1)], [M.left + 6, W - M.right - 6]);
  const y = scale([-0.2, 1], [H - M.bottom, M.top]);
  const xs = steps.map((_, i) => x(i));
  const labels = steps.map((s, i) =>
    `<text x="${xs[i]!.toFixed(1)}" y="${H - M.bottom + 11}" text-anchor="middle" font-size="8">${
      escapeHtml(s.block.replace("bottleneck", "bneck"))
    }</text>`
  ).join("");
  const clamp = (v: number) => y(Math.max(-0.2, Number.isFinite(v) ? v : 0));
  return `<svg class="check-plot" width="${W}" height="${H}" font-size="10" role="img" ` +
    `aria-label="similarity with the original map as the encoder is randomised">` +
    frame("model randomisation", [0, 1], y, "") +
    `<line x1="${M.left}" x2="${W - M.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#ccc"/>` +
    polyline(xs, steps.map((s) => clamp(s.spearman)), 'stroke="#1f4e99" stroke-width="2"') +
    polyline(xs, steps.map((s) => clamp(s.ssim)), 'stroke="#d9730d" stroke-width="2" stroke-dasharray="4 3"') +
    labels +
    `<text x="${W - M.right}" y="${M.top + 8}" text-anchor="end" fill="#1f4e99">ρ</text>` +
    `<text x="${W - M.right}" y="${M.top + 20}" text-anchor="end" fill="#d9730d">SSIM</text></svg>`;
}

/** P(death) as the map's top voxels are deleted (coloured) and as random voxels are (grey). */
function deletionPlot(check: SaliencyCheckRow): string {
  const d = check.deletion;
  const all = [d.curve, ...d.random].flat().filter(Number.isFinite);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = Math.max(1e-6, (hi - lo) * 0.05);
  const x = scale([0, Math.max(...d.fractions, 1e-9)], [M.left, W - M.right]);
  const y = scale([lo - pad, hi + pad], [H - M.bottom, M.top]);
  const xs = d.fractions.map(x);
  const random = d.random.map((r) => polyline(xs, r.map(y), 'stroke="#999" stroke-width="1"')).join("");
  return `<svg class="check-plot" width="${W}" height="${H}" font-size="10" role="img" ` +
    `aria-label="deletion curve against random deletion">` +
    frame("deletion: P(death)", [lo, hi], y, `fraction deleted (0–${formatNumber(Math.max(...d.fractions), 2)})`) +
    random + polyline(xs, d.curve.map(y), 'stroke="#b2182b" stroke-width="2"') +
    `<text x="${W - M.right}" y="${M.top + 8}" text-anchor="end" fill="#b2182b">map order</text>` +
    `<text x="${W - M.right}" y="${M.top + 20}" text-anchor="end" fill="#777">random</text></svg>`;
}

/**
 * The verdicts of one map (✓ passed, ✗ flagged) in words, with the cascade and deletion plots.
 *
 * @param check the map's checks (a row of `checks.json`)
 * @returns markup for the side of a saliency panel
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { saliencyCheckFigure } from "./saliency_check_figure.ts";
 * const html = saliencyCheckFigure({
 *   modality: "ct", patient: "S1", method: "guided", empty: false,
 *   model: { steps: [{ block: "bottleneck", spearman: 0.8, ssim: 0.7 }], pass: false },
 *   outcome: { spearman: 0.9, ssim: 0.8, changes: false, signalAuc: 0.55, signalP: 0.4, pass: false },
 *   deletion: { fractions: [0, 0.1], curve: [0.6, 0.5], random: [[0.6, 0.59]], effect: 0.1, randomEffect: 0.01, randomSpread: 0, pass: true },
 *   verdicts: ["does not depend on the model", "does not depend on the outcome", "beats random deletion"],
 * });
 * assert.match(html, /✗ does not depend on the model/);
 * assert.match(html, /✓ beats random deletion/);
 * ```
 */
export function saliencyCheckFigure(check: SaliencyCheckRow): string {
  const passes = [check.model.pass, check.outcome.pass, check.deletion.pass];
  const items = check.verdicts.map((v, i) =>
    `<li class="${passes[i] ? "pass" : "flag"}">${passes[i] ? "✓" : "✗"} ${escapeHtml(v)}</li>`
  ).join("");
  return `<div class="checks"><ul class="verdicts">${items}</ul>${cascadePlot(check)}${deletionPlot(check)}</div>`;
}
