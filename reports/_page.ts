/**
 * The HTML shell shared by run and experiment reports: inline CSS (screen and print) and the
 * small inline script for slice sliders and sortable tables. Private to `reports/`.
 *
 * @module
 */

import { escapeHtml } from "./_plot.ts";

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; background: #fff;
  max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 1.6em; margin: 0.4em 0 0.1em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { font-size: 1.05em; margin: 0 0 0.4em; } h4 { margin: 0.2em 0; }
nav { position: sticky; top: 0; background: #fff; padding: 6px 0; border-bottom: 1px solid #eee; z-index: 1; }
nav a { margin-right: 1em; }
.subtitle { color: #555; margin: 0; }
figure.figure { margin: 1.2em 0 2em; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9em; max-width: 70em; margin-top: 0.4em; }
.panels { display: flex; flex-wrap: wrap; gap: 16px; }
.viewer { display: flex; gap: 16px; align-items: flex-start; }
img.slice { image-rendering: pixelated; border: 1px solid #ccc; background: #000; }
.slider { display: flex; gap: 8px; align-items: center; margin-top: 6px; }
.slider input { width: 260px; }
.volumes { display: flex; flex-wrap: wrap; gap: 24px; } .volumes > figure { margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.4em; font-size: 0.92em; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: #444; padding-bottom: 4px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 10px; text-align: left; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
tr.highlight td { background: #fff4d6; } td.differs, th.differs { background: #ffe2b8; font-weight: 600; }
dl.manifest { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
dl.manifest dt { font-weight: 600; } dl.manifest dd { margin: 0; font-family: ui-monospace, monospace; }
pre { background: #f6f6f6; padding: 8px 12px; overflow-x: auto; font-size: 0.85em; }
.warnings li { color: #8a5300; } .empty { color: #777; font-style: italic; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav, .slider input { display: none; }
  figure.figure, table, .upset-panel { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  tr.highlight td, td.differs, th.differs { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}`;

const SCRIPT = `
(function () {
  document.querySelectorAll("input.slice-slider").forEach(function (s) {
    var img = document.getElementById(s.dataset.target);
    if (!img) return;
    var srcs = img.dataset.slices.split(","), dz = Number(img.dataset.spacing);
    var out = s.parentElement.querySelector("output");
    s.addEventListener("input", function () {
      var k = Number(s.value);
      img.src = srcs[k];
      if (out) out.textContent = (k + 1) + " / " + srcs.length + " (z = " + Number((k * dz).toPrecision(3)) + " mm)";
    });
  });
  document.querySelectorAll("table.sortable").forEach(function (t) {
    var body = t.tBodies[0];
    t.querySelectorAll("thead button").forEach(function (b) {
      b.addEventListener("click", function () {
        var col = Number(b.dataset.col), th = b.parentElement;
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        t.querySelectorAll("thead th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        var val = function (r) { return r.cells[col].dataset.value; };
        var numeric = rows.every(function (r) { return val(r) === "" || !isNaN(Number(val(r))); });
        rows.sort(function (a, c) {
          var x = val(a), y = val(c);
          if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
          return dir * (numeric ? Number(x) - Number(y) : x.localeCompare(y));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();`;

/** A whole page: title, inline CSS, body, inline script and an optional JSON block. */
export function pageHtml(title: string, body: string, json?: { id: string; value: unknown }): string {
  const data = json
    ? `<script type="application/json" id="${json.id}">${
      JSON.stringify(json.value, null, 2).replace(/</g, "\\u003c")
    }</script>`
    : "";
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>\n` +
    `<body>\n${body}\n${data}<script>${SCRIPT}</script>\n</body></html>\n`;
}
