import assert from "node:assert/strict";
import { metricIntervals } from "../../reports/metric_intervals.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("metricIntervals() keeps the requested protocol and orders endpoint, metric, model as in the paper", async () => {
  const { metrics } = await loadFixture();
  const rows = metricIntervals(metrics, { protocols: ["bootstrap-nested"] });
  assert.equal(rows.length, metrics.filter((m) => m.protocol === "bootstrap-nested").length);
  assert.deepEqual(rows.slice(0, 4).map((r) => [r.endpoint, r.metric, r.model]), [
    ["os2y", "accuracy", "unet"],
    ["os2y", "accuracy", "tlg"],
    ["os2y", "accuracy", "radiomics"],
    ["os2y", "sensitivity", "unet"],
  ]);
  const src = metrics.find((m) =>
    m.protocol === "bootstrap-nested" && m.endpoint === "dss5y" && m.model === "tlg" && m.metric === "auc"
  )!;
  const out = rows.find((r) => r.endpoint === "dss5y" && r.model === "tlg" && r.metric === "auc")!;
  assert.deepEqual([out.mean, out.lower, out.upper, out.modelLabel], [src.mean, src.lower, src.upper, "TLG"]);
});

Deno.test("metricIntervals() drops rows with a NaN mean and filters metrics", () => {
  const row = (metric: string, mean: number) => ({
    endpoint: "x",
    model: "m",
    protocol: "p",
    metric,
    mean,
    lower: 0,
    upper: 1,
  });
  assert.deepEqual(
    metricIntervals([row("auc", NaN), row("auc", 0.5), row("accuracy", 0.6)], { metrics: ["auc"] }).map((r) => r.mean),
    [0.5],
  );
});
