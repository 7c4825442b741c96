import assert from "node:assert/strict";
import { type IndexRun, runsIndexHtml } from "../../reports/runs_index.ts";

const run = (id: string, over: Partial<IndexRun> = {}): IndexRun => ({
  id,
  experiment: "demo",
  variant: "default",
  status: "ok",
  startedAt: "2026-12-04 10:00:00",
  wallSeconds: 3,
  backend: "cpu+blas",
  codeVersion: "abc",
  specHash: "f00",
  cacheHits: 1,
  computed: 2,
  params: {},
  keys: {},
  metrics: {},
  ...over,
});

Deno.test("runsIndexHtml() embeds hostile ids as data, never as markup", () => {
  const html = runsIndexHtml([run("</script><script>alert(1)</script>", { experiment: "<b>x</b>" })]);
  assert.doesNotMatch(html, /<script>alert\(1\)/);
  assert.doesNotMatch(html, /<b>x<\/b>/);
  const json = /<script type="application\/json" id="runs-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  assert.equal(JSON.parse(json).runs[0].id, "</script><script>alert(1)</script>");
});

Deno.test("runsIndexHtml() stores each distinct parameter set once and metrics aligned with their names", () => {
  const params = { seed: 1, "stats.lasso.top_k": 10 };
  const html = runsIndexHtml([
    run("a", { params, metrics: { "auc/os2y/unet/kfold-nested": { value: 0.6, lower: 0.5, upper: 0.7 } } }),
    run("b", { params }),
    run("c", { params: { seed: 2 } }),
  ]);
  const data = JSON.parse(/id="runs-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
  assert.deepEqual(data.paramSets, [params, { seed: 2 }]);
  assert.deepEqual(data.runs.map((r: { p: number }) => r.p), [0, 0, 1]);
  assert.deepEqual(data.runs[0].m, [[0.6, 0.5, 0.7]]);
  assert.deepEqual(data.runs[1].m, [null]);
});

Deno.test("runsIndexHtml() offers every metric in the chooser and shows the requested defaults", () => {
  const metrics = { "auc/os2y/unet/bootstrap-nested": { value: 0.6 }, "auc/os2y/tlg/bootstrap-nested": { value: 0.7 } };
  const html = runsIndexHtml([
    run("a", { metrics }),
    run("b", { metrics: { "auc/os5y/unet/kfold-nested": { value: 1 } } }),
  ], {
    defaultMetrics: ["auc/os2y/tlg/bootstrap-nested", "not-a-metric"],
  });
  const data = JSON.parse(/id="runs-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
  assert.deepEqual(data.metrics, [
    "auc/os2y/tlg/bootstrap-nested",
    "auc/os2y/unet/bootstrap-nested",
    "auc/os5y/unet/kfold-nested",
  ]);
  assert.deepEqual(data.shown, ["auc/os2y/tlg/bootstrap-nested"]);
  assert.equal((html.match(/<input type="checkbox" value=/g) ?? []).length, 3);
});
