/**
 * The static index of every tracked run (`out/index.html`): a sortable, filterable table (text
 * filter, status filter, metric column chooser), a sparkline of a chosen metric per experiment, and
 * a comparison view of any two selected runs — parameters that differ, metrics side by side with
 * their difference, the stages whose cache key differs, and the AUCs of both runs with their
 * intervals on one axis. Self-contained: the data are inline JSON, the drawing is inline script and
 * SVG, nothing is requested from outside the folder, so it works from `file://`, a shared drive or
 * a cluster's filesystem.
 *
 * @module
 */
import { escapeHtml } from "./_plot.ts";
import { pageHtml } from "./_page.ts";

/** One metric value with its interval. */
export interface IndexMetric {
  readonly value: number;
  readonly lower?: number;
  readonly upper?: number;
}

/** One run as the index shows it. */
export interface IndexRun {
  readonly id: string;
  readonly experiment: string;
  readonly variant: string;
  readonly status: string;
  readonly startedAt: string;
  readonly wallSeconds: number | null;
  readonly backend: string;
  readonly codeVersion: string;
  readonly specHash: string;
  readonly cacheHits: number;
  readonly computed: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly keys: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, IndexMetric>>;
  /** Link to the run's report, relative to the index (absent when none was written). */
  readonly report?: string;
  /** Link to the experiment's variants page, relative to the index. */
  readonly experimentPage?: string;
}

/** One point of a run's ROC curve (`roc.csv` of its evaluate stage). */
export interface RocPoint {
  readonly endpoint: string;
  readonly model: string;
  readonly protocol: string;
  readonly fpr: number;
  readonly tpr: number;
}

/** Options of {@linkcode runsIndexHtml}. */
export interface RunsIndexOptions {
  /** Page title. @default "deepmarker runs" */
  readonly title?: string;
  /** Metric columns shown at first (the chooser offers every metric). @default the first six */
  readonly defaultMetrics?: readonly string[];
  /** Open the comparison of these two runs (the `runs compare --html` page). @default none */
  readonly compare?: readonly [string, string];
  /**
   * ROC curves by run id, drawn in the comparison (the `runs compare --html` page embeds those of its
   * two runs; the index of every run leaves them out to stay small). @default none
   */
  readonly roc?: Readonly<Record<string, readonly RocPoint[]>>;
}

/**
 * Render the runs index page.
 *
 * @param runs runs, newest first
 * @param options title, default metric columns, preselected comparison
 * @returns a complete HTML document
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { runsIndexHtml } from "./runs_index.ts";
 * const html = runsIndexHtml([{
 *   id: "r1", experiment: "demo", variant: "default", status: "ok", startedAt: "2026-12-04 10:00:00",
 *   wallSeconds: 12, backend: "cpu+blas", codeVersion: "abc", specHash: "f00", cacheHits: 3, computed: 11,
 *   params: { seed: 1 }, keys: {}, metrics: { "auc/os2y/unet/bootstrap-nested": { value: 0.6 } },
 * }]);
 * assert.match(html, /id="runs-table"/);
 * assert.match(html, /auc\/os2y\/unet\/bootstrap-nested/);
 * ```
 */
export function runsIndexHtml(runs: readonly IndexRun[], options: RunsIndexOptions = {}): string {
  const title = options.title ?? "deepmarker runs";
  const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const shown = options.defaultMetrics?.filter((m) => metrics.includes(m)) ?? metrics.slice(0, 6);
  const experiments = [...new Set(runs.map((r) => r.experiment))].sort();
  const statuses = [...new Set(runs.map((r) => r.status))].sort();
  const data = { ...packRuns(runs, metrics), metrics, shown, compare: options.compare ?? null, roc: options.roc ?? {} };
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="subtitle">${runs.length} runs of ${experiments.length} experiments. Click a header to sort; tick two runs to
compare them. Metrics are the AUCs each run's evaluate stage stored (mean and 95 % interval).</p>
<section id="experiments"><h2>Experiments</h2>
<label>Sparkline metric <select id="spark-metric">${
    metrics.map((m) => `<option${m === shown[0] ? " selected" : ""}>${escapeHtml(m)}</option>`).join("")
  }</select></label>
<table id="experiments-table"><thead><tr><th>Experiment</th><th>Runs</th><th>Latest</th><th>Metric over time</th>
</tr></thead><tbody></tbody></table></section>
<section id="runs"><h2>Runs</h2>
<div class="controls"><label>Filter <input id="filter" type="search" placeholder="text in any column"></label>
<label>Status <select id="status-filter"><option value="">all</option>${
    statuses.map((s) => `<option>${escapeHtml(s)}</option>`).join("")
  }</select></label>
<details id="metric-chooser"><summary>Metric columns</summary>${
    metrics.map((m) =>
      `<label><input type="checkbox" value="${escapeHtml(m)}"${shown.includes(m) ? " checked" : ""}> ${
        escapeHtml(m)
      }</label>`
    ).join("")
  }</details>
<button id="compare-button" disabled>Compare the two ticked runs</button> <span id="shown-count"></span></div>
<table id="runs-table" class="runs"><thead></thead><tbody></tbody></table></section>
<section id="compare" hidden><h2>Comparison</h2><div id="compare-body"></div></section>
<script type="application/json" id="runs-data">${JSON.stringify(data).replace(/</g, "\\u003c")}</script>
<style>${STYLE}</style><script>${SCRIPT}</script>`;
  return pageHtml(title, body);
}

/**
 * The runs as the page embeds them, compact so thousands stay small: metrics as arrays aligned
 * with `metrics` (value, lower, upper; `null` where absent), cache keys cut to 16 hex digits (they
 * only need to tell equal from different), and each distinct parameter set stored once.
 */
function packRuns(runs: readonly IndexRun[], metrics: readonly string[]) {
  const paramSets: Readonly<Record<string, unknown>>[] = [];
  const seen = new Map<string, number>();
  const packed = runs.map((r) => {
    const { metrics: own, params, keys, ...rest } = r;
    const text = JSON.stringify(params);
    if (!seen.has(text)) {
      seen.set(text, paramSets.length);
      paramSets.push(params);
    }
    return {
      ...rest,
      p: seen.get(text)!,
      k: Object.fromEntries(Object.entries(keys).map(([s, k]) => [s, k.slice(0, 16)])),
      m: metrics.map((name) => {
        const x = own[name];
        return x ? [x.value, x.lower ?? null, x.upper ?? null] : null;
      }),
    };
  });
  return { runs: packed, paramSets };
}

const STYLE = `
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 8px 0; }
#metric-chooser { max-width: 100%; } #metric-chooser label { display: inline-block; margin-right: 10px; font-size: 0.85em; }
table.runs td.num { text-align: right; } table.runs tr.status-failed td, table.runs tr.status-interrupted td { color: #8a1c1c; }
table.runs tr.status-abandoned td { color: #777; }
svg.spark polyline { fill: none; stroke: #1f77b4; stroke-width: 1.5; } svg.spark circle { fill: #1f77b4; }
#compare table td.differs { background: #ffe2b8; }
`;

const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById("runs-data").textContent);
  var runs = data.runs, shown = data.shown.slice();
  runs.forEach(function (r) {
    r.params = data.paramSets[r.p]; r.keys = r.k; r.metrics = {};
    r.m.forEach(function (x, i) {
      if (!x) return;
      var v = { value: x[0] }; if (x[1] !== null) v.lower = x[1]; if (x[2] !== null) v.upper = x[2];
      r.metrics[data.metrics[i]] = v;
    });
  });
  var byId = {}; runs.forEach(function (r) { byId[r.id] = r; });
  var ticked = [];
  var sortKey = "startedAt", sortDir = -1;
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(v) { return v === null || v === undefined || isNaN(v) ? "" : Number(v).toFixed(3); }
  function metricOf(r, m) { var x = r.metrics[m]; return x ? x.value : null; }
  var columns = [
    { key: "select", label: "" }, { key: "experiment", label: "Experiment" }, { key: "variant", label: "Variant" },
    { key: "startedAt", label: "Started" }, { key: "status", label: "Status" }, { key: "wallSeconds", label: "Wall s" },
    { key: "cache", label: "Cached / computed" }, { key: "backend", label: "Backend" },
    { key: "codeVersion", label: "Code" }, { key: "specHash", label: "Spec" }
  ];
  function value(r, key) {
    if (key === "cache") return r.cacheHits;
    if (data.metrics.indexOf(key) >= 0) return metricOf(r, key);
    return r[key];
  }
  function renderHead() {
    var tr = el("tr");
    columns.concat(shown.map(function (m) { return { key: m, label: m }; })).forEach(function (c) {
      var th = el("th", { "data-key": c.key, "aria-sort": c.key === sortKey ? (sortDir > 0 ? "ascending" : "descending") : "none" });
      if (c.key === "select") { tr.appendChild(th); return; }
      var b = el("button", {}, c.label);
      b.addEventListener("click", function () {
        sortDir = sortKey === c.key ? -sortDir : 1; sortKey = c.key; renderHead(); renderBody();
      });
      th.appendChild(b); tr.appendChild(th);
    });
    var head = document.querySelector("#runs-table thead"); head.innerHTML = ""; head.appendChild(tr);
  }
  function visible(r) {
    var text = document.getElementById("filter").value.toLowerCase();
    var status = document.getElementById("status-filter").value;
    if (status && r.status !== status) return false;
    if (!text) return true;
    return [r.id, r.experiment, r.variant, r.status, r.backend, r.codeVersion, r.specHash, r.startedAt]
      .join(" ").toLowerCase().indexOf(text) >= 0;
  }
  function renderBody() {
    var rows = runs.filter(visible);
    rows.sort(function (a, b) {
      var x = value(a, sortKey), y = value(b, sortKey);
      if (x === null || x === undefined) return 1; if (y === null || y === undefined) return -1;
      return sortDir * (typeof x === "number" ? x - y : String(x).localeCompare(String(y)));
    });
    var body = document.querySelector("#runs-table tbody"); body.innerHTML = "";
    rows.forEach(function (r) {
      var tr = el("tr", { "data-run": r.id, "class": "status-" + r.status });
      var box = el("input", { type: "checkbox", "aria-label": "compare " + r.id });
      box.checked = ticked.indexOf(r.id) >= 0;
      box.addEventListener("change", function () {
        if (box.checked) ticked.push(r.id); else ticked = ticked.filter(function (t) { return t !== r.id; });
        if (ticked.length > 2) ticked = ticked.slice(-2);
        renderBody(); updateButton();
      });
      var td = el("td"); td.appendChild(box); tr.appendChild(td);
      var exp = el("td");
      if (r.experimentPage) { var ea = el("a", { href: r.experimentPage }, r.experiment); exp.appendChild(ea); }
      else exp.textContent = r.experiment;
      tr.appendChild(exp);
      tr.appendChild(el("td", {}, r.variant));
      var st = el("td");
      if (r.report) st.appendChild(el("a", { href: r.report, title: r.id }, r.startedAt)); else st.textContent = r.startedAt;
      tr.appendChild(st);
      tr.appendChild(el("td", {}, r.status));
      tr.appendChild(el("td", { "class": "num" }, r.wallSeconds === null ? "" : r.wallSeconds.toFixed(1)));
      tr.appendChild(el("td", { "class": "num" }, r.cacheHits + " / " + r.computed));
      tr.appendChild(el("td", {}, r.backend));
      tr.appendChild(el("td", {}, r.codeVersion.slice(0, 12)));
      tr.appendChild(el("td", {}, r.specHash.slice(0, 12)));
      shown.forEach(function (m) { tr.appendChild(el("td", { "class": "num" }, fmt(metricOf(r, m)))); });
      body.appendChild(tr);
    });
    document.getElementById("shown-count").textContent = rows.length + " of " + runs.length + " runs shown";
  }
  function updateButton() { document.getElementById("compare-button").disabled = ticked.length !== 2; }
  function sparkline(values) {
    var w = 160, h = 28, pts = values.filter(function (v) { return v !== null; });
    if (pts.length === 0) return el("span", { "class": "empty" }, "no values");
    var lo = Math.min.apply(null, pts), hi = Math.max.apply(null, pts), span = hi - lo || 1;
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "spark"); svg.setAttribute("width", w); svg.setAttribute("height", h);
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    var xy = pts.map(function (v, i) {
      return [pts.length === 1 ? w / 2 : 3 + (i * (w - 6)) / (pts.length - 1), h - 3 - ((v - lo) / span) * (h - 6)];
    });
    var line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", xy.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "));
    svg.appendChild(line);
    var last = document.createElementNS(ns, "circle"), p = xy[xy.length - 1];
    last.setAttribute("cx", p[0]); last.setAttribute("cy", p[1]); last.setAttribute("r", 2.5); svg.appendChild(last);
    var t = document.createElementNS(ns, "title");
    t.textContent = "min " + lo.toFixed(3) + ", max " + hi.toFixed(3) + ", latest " + pts[pts.length - 1].toFixed(3);
    svg.appendChild(t);
    return svg;
  }
  function renderExperiments() {
    var m = document.getElementById("spark-metric").value;
    var body = document.querySelector("#experiments-table tbody"); body.innerHTML = "";
    var names = []; runs.forEach(function (r) { if (names.indexOf(r.experiment) < 0) names.push(r.experiment); });
    names.sort().forEach(function (name) {
      var own = runs.filter(function (r) { return r.experiment === name; });
      var chrono = own.slice().sort(function (a, b) { return a.startedAt.localeCompare(b.startedAt); });
      var tr = el("tr", { "data-experiment": name }), td = el("td");
      var page = own.filter(function (r) { return r.experimentPage; })[0];
      if (page) td.appendChild(el("a", { href: page.experimentPage }, name)); else td.textContent = name;
      tr.appendChild(td); tr.appendChild(el("td", { "class": "num" }, String(own.length)));
      tr.appendChild(el("td", {}, chrono[chrono.length - 1].startedAt));
      var sp = el("td"); sp.appendChild(sparkline(chrono.map(function (r) { return metricOf(r, m); }))); tr.appendChild(sp);
      body.appendChild(tr);
    });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function table(head, rows) {
    var t = el("table"), tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", {}, h)); });
    var th = el("thead"); th.appendChild(tr); t.appendChild(th);
    var tb = el("tbody");
    rows.forEach(function (r) {
      var row = el("tr"); r.forEach(function (c, i) { row.appendChild(el("td", i > 0 && r.differs ? { "class": "differs" } : {}, c)); });
      tb.appendChild(row);
    });
    t.appendChild(tb); return t;
  }
  function aucChart(a, b) {
    var names = Object.keys(a.metrics).concat(Object.keys(b.metrics)).filter(function (n, i, all) {
      return n.indexOf("auc/") === 0 && all.indexOf(n) === i;
    }).sort();
    if (names.length === 0) return el("p", { "class": "empty" }, "Neither run stored AUCs.");
    var ns = "http://www.w3.org/2000/svg", rowH = 16, left = 300, w = 720, h = names.length * rowH + 40;
    var svg = document.createElementNS(ns, "svg"); svg.setAttribute("id", "compare-auc");
    svg.setAttribute("width", w); svg.setAttribute("height", h); svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    function x(v) { return left + v * (w - left - 20); }
    function add(tag, attrs, text) {
      var e = document.createElementNS(ns, tag); for (var k in attrs) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text; svg.appendChild(e); return e;
    }
    [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
      add("line", { x1: x(v), x2: x(v), y1: 10, y2: h - 24, stroke: v === 0.5 ? "#999" : "#eee" });
      add("text", { x: x(v), y: h - 8, "text-anchor": "middle", "font-size": 11 }, String(v));
    });
    names.forEach(function (n, i) {
      var y = 18 + i * rowH;
      add("text", { x: left - 8, y: y + 4, "text-anchor": "end", "font-size": 11 }, n.slice(4));
      [[a, "#1f77b4", -3], [b, "#d62728", 3]].forEach(function (s) {
        var m = s[0].metrics[n]; if (!m) return;
        if (m.lower !== undefined && m.upper !== undefined) {
          add("line", { x1: x(m.lower), x2: x(m.upper), y1: y + s[2], y2: y + s[2], stroke: s[1] });
        }
        add("circle", { cx: x(m.value), cy: y + s[2], r: 3, fill: s[1] });
      });
    });
    add("text", { x: left, y: h - 24 + 14, "font-size": 11, fill: "#1f77b4" }, "● " + a.id);
    add("text", { x: left + 200, y: h - 24 + 14, "font-size": 11, fill: "#d62728" }, "● " + b.id);
    return svg;
  }
  function rocCharts(a, b) {
    var ra = data.roc[a.id], rb = data.roc[b.id];
    if (!ra || !rb) {
      return el("p", { "class": "empty" }, "ROC curves are in the comparison page: deepmarker runs compare " +
        a.id + " " + b.id + " --html FILE");
    }
    var pick = function (rows) {
      var protocols = rows.filter(function (r) { return r.model === "unet"; }).map(function (r) { return r.protocol; });
      var p = protocols.indexOf("bootstrap-nested") >= 0 ? "bootstrap-nested" : protocols[0];
      return rows.filter(function (r) { return r.model === "unet" && r.protocol === p; });
    };
    var pa = pick(ra), pb = pick(rb);
    var endpoints = pa.concat(pb).map(function (r) { return r.endpoint; }).filter(function (e, i, all) {
      return all.indexOf(e) === i;
    });
    var ns = "http://www.w3.org/2000/svg", s = 180, pad = 28;
    var wrap = el("div", { id: "compare-roc", "class": "panels" });
    endpoints.forEach(function (e) {
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("width", s + pad + 8); svg.setAttribute("height", s + pad + 18);
      function add(tag, attrs, text) {
        var n = document.createElementNS(ns, tag); for (var k in attrs) n.setAttribute(k, attrs[k]);
        if (text !== undefined) n.textContent = text; svg.appendChild(n); return n;
      }
      add("rect", { x: pad, y: 14, width: s, height: s, fill: "none", stroke: "#ddd" });
      add("line", { x1: pad, y1: 14 + s, x2: pad + s, y2: 14, stroke: "#999", "stroke-dasharray": "2,3" });
      add("text", { x: pad + s / 2, y: 10, "text-anchor": "middle", "font-size": 11 }, e);
      add("text", { x: pad + s / 2, y: s + pad + 12, "text-anchor": "middle", "font-size": 10 }, "false positive rate");
      [[pa, "#1f77b4"], [pb, "#d62728"]].forEach(function (c) {
        var pts = c[0].filter(function (r) { return r.endpoint === e; });
        if (pts.length === 0) return;
        add("polyline", {
          fill: "none", stroke: c[1], "stroke-width": 1.8,
          points: pts.map(function (r) { return (pad + r.fpr * s).toFixed(1) + "," + (14 + s - r.tpr * s).toFixed(1); }).join(" ")
        });
      });
      wrap.appendChild(svg);
    });
    return wrap;
  }
  function showCompare(idA, idB) {
    var a = byId[idA], b = byId[idB]; if (!a || !b) return;
    var out = document.getElementById("compare-body"); out.innerHTML = "";
    out.appendChild(el("p", {}, "A = " + a.id + " (" + a.experiment + " / " + a.variant + "), B = " + b.id +
      " (" + b.experiment + " / " + b.variant + ")"));
    var params = Object.keys(a.params).concat(Object.keys(b.params)).filter(function (k, i, all) {
      return all.indexOf(k) === i && !same(a.params[k], b.params[k]);
    }).sort();
    out.appendChild(el("h3", {}, "Parameters that differ (" + params.length + ")"));
    var pt = table(["Parameter", "A", "B"], params.map(function (k) {
      var r = [k, JSON.stringify(a.params[k]), JSON.stringify(b.params[k])]; r.differs = true; return r;
    }));
    pt.id = "compare-params"; out.appendChild(pt);
    var names = Object.keys(a.metrics).concat(Object.keys(b.metrics)).filter(function (k, i, all) {
      return all.indexOf(k) === i;
    }).sort();
    out.appendChild(el("h3", {}, "Metrics"));
    var mt = table(["Metric", "A", "B", "B − A"], names.map(function (k) {
      var x = metricOf(a, k), y = metricOf(b, k);
      var r = [k, fmt(x), fmt(y), x === null || y === null ? "" : (y - x >= 0 ? "+" : "") + (y - x).toFixed(3)];
      r.differs = x !== y; return r;
    }));
    mt.id = "compare-metrics"; out.appendChild(mt);
    var stages = Object.keys(a.keys).concat(Object.keys(b.keys)).filter(function (k, i, all) {
      return all.indexOf(k) === i && a.keys[k] !== b.keys[k];
    });
    out.appendChild(el("h3", {}, "Stages whose cache key differs (recomputed between the runs): " +
      (stages.length ? stages.join(", ") : "none")));
    out.appendChild(el("h3", {}, "AUC with 95 % interval, both runs on one axis"));
    out.appendChild(aucChart(a, b));
    out.appendChild(el("h3", {}, "ROC curves of the U-Net features, both runs on shared axes"));
    out.appendChild(rocCharts(a, b));
    document.getElementById("compare").hidden = false;
    if (location.hash !== "#compare=" + a.id + "," + b.id) history.replaceState(null, "", "#compare=" + a.id + "," + b.id);
  }
  document.getElementById("filter").addEventListener("input", renderBody);
  document.getElementById("status-filter").addEventListener("change", renderBody);
  document.getElementById("spark-metric").addEventListener("change", renderExperiments);
  document.querySelectorAll("#metric-chooser input").forEach(function (box) {
    box.addEventListener("change", function () {
      shown = Array.prototype.filter.call(document.querySelectorAll("#metric-chooser input"), function (b) {
        return b.checked;
      }).map(function (b) { return b.value; });
      renderHead(); renderBody();
    });
  });
  document.getElementById("compare-button").addEventListener("click", function () { showCompare(ticked[0], ticked[1]); });
  renderHead(); renderBody(); renderExperiments();
  var wanted = data.compare || (location.hash.indexOf("#compare=") === 0 ? location.hash.slice(9).split(",") : null);
  if (wanted && wanted.length === 2) { ticked = wanted.slice(); renderBody(); updateButton(); showCompare(wanted[0], wanted[1]); }
})();`;
