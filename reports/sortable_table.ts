/**
 * Sortable HTML tables: static markup whose header buttons the page script sorts by.
 *
 * @module
 */

import { escapeHtml } from "./_plot.ts";

/** One column of a {@linkcode sortableTable}. */
export interface TableColumn<T> {
  /** Field of the row shown in the column. */
  readonly key: keyof T & string;
  /** Header text (with unit where there is one). */
  readonly label: string;
  /**
   * Cell text from the raw value.
   * @default String(value)
   */
  readonly format?: (value: T[keyof T & string]) => string;
}

/** Options of {@linkcode sortableTable}. */
export interface SortableTableOptions<T> {
  /** HTML id of the `<table>`. */
  readonly id: string;
  readonly columns: readonly TableColumn<T>[];
  /**
   * Caption above the table.
   * @default ""
   */
  readonly caption?: string;
  /**
   * Row predicate adding class `highlight` (e.g. p < 0.05).
   * @default undefined
   */
  readonly highlight?: (row: T) => boolean;
}

/**
 * Render rows as a `<table class="sortable">`: each cell carries its raw value in `data-value`
 * (numbers as numbers, NaN as empty) so the page script sorts numerically; each header holds a
 * button. Without JavaScript the table shows in the given order.
 *
 * @param rows table rows
 * @param options id, columns, caption
 * @returns the table markup
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { sortableTable } from "./sortable_table.ts";
 * const html = sortableTable([{ f: "C1", p: 0.5 }, { f: "C2", p: 0.01 }],
 *   { id: "t", columns: [{ key: "f", label: "Feature" }, { key: "p", label: "p" }] });
 * assert.match(html, /<td data-value="0.01">0.01<\/td>/);
 * ```
 */
export function sortableTable<T extends object>(rows: readonly T[], options: SortableTableOptions<T>): string {
  const { id, columns, caption = "", highlight } = options;
  const head = columns.map((c, i) =>
    `<th scope="col" aria-sort="none"><button type="button" data-col="${i}">${escapeHtml(c.label)}</button></th>`
  ).join("");
  const body = rows.map((row) => {
    const cells = columns.map((c) => {
      const v = row[c.key];
      const raw = typeof v === "number" ? (Number.isNaN(v) ? "" : String(v)) : String(v ?? "");
      const text = c.format ? c.format(v) : String(v ?? "");
      return `<td data-value="${escapeHtml(raw)}">${escapeHtml(text)}</td>`;
    }).join("");
    return `<tr${highlight?.(row) ? ' class="highlight"' : ""}>${cells}</tr>`;
  }).join("\n");
  return `<table class="sortable" id="${escapeHtml(id)}">` +
    (caption ? `<caption>${escapeHtml(caption)}</caption>` : "") +
    `<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
