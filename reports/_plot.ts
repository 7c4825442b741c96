/**
 * Server-side Observable Plot rendering through linkedom, and the `<figure>` wrapper every figure
 * module returns. Private to `reports/`.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Render a Plot specification to markup (an `<svg>`, or a `<figure>` when Plot adds a legend). */
export function plotMarkup(options: Plot.PlotOptions): string {
  type PlotDocument = NonNullable<Plot.PlotOptions["document"]>;
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>") as unknown as {
    document: PlotDocument;
  };
  const el = Plot.plot({
    style: { fontSize: "12px", background: "white", color: "#111" },
    marginBottom: 44,
    ...options,
    document,
  });
  return (el as unknown as { outerHTML: string }).outerHTML;
}

/** Common options of every figure module. */
export interface FigureTextOptions {
  /** HTML id of the `<figure>`. */
  readonly id?: string;
  /** Title shown above the figure. */
  readonly title?: string;
  /** Extra caption text appended after the generated caption (e.g. cohort n). */
  readonly note?: string;
}

/** Wrap figure markup with an id, a title and a caption (caption text is escaped). */
export function figureHtml(id: string, title: string, body: string, caption: string): string {
  return `<figure class="figure" id="${escapeHtml(id)}"><h3>${escapeHtml(title)}</h3>${body}` +
    `<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** A paragraph saying why a figure is absent (no data), with the figure's id so tests still find it. */
export function emptyFigure(id: string, title: string, reason: string): string {
  return figureHtml(id, title, `<p class="empty">${escapeHtml(reason)}</p>`, "");
}

/** Format a number for captions and tables: `0.0123`, `1.2e-7`, `—` for NaN. */
export function formatNumber(x: number, digits = 3): string {
  if (Number.isNaN(x)) return "—";
  if (x !== 0 && Math.abs(x) < 10 ** -digits) return x.toExponential(1);
  return String(+x.toPrecision(digits));
}
