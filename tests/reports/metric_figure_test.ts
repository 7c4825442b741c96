import assert from "node:assert/strict";
import { metricFigure } from "../../reports/metric_figure.ts";
import { metricIntervals } from "../../reports/metric_intervals.ts";
import { assertSnapshot } from "./_snapshot.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("metricFigure() draws Figure 3 of the nested protocol with a legend and the protocol in the caption", async () => {
  const { metrics } = await loadFixture();
  const html = metricFigure(metricIntervals(metrics, { protocols: ["bootstrap-nested"] }), { id: "fig-3-nested" });
  for (
    const label of ["U-Net features", "TLG", "Radiomic features", "features re-selected inside every training split"]
  ) {
    assert.ok(html.includes(label), label);
  }
  assert.equal(html.match(/<circle/g)?.length, metrics.filter((m) => m.protocol === "bootstrap-nested").length);
  await assertSnapshot("metric_figure", html);
});
