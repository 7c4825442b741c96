import assert from "node:assert/strict";
import { join } from "node:path";
import { renderExperimentReport } from "../../reports/render_experiment_report.ts";
import { attributeValues, loadFixture } from "./_fixture.ts";

Deno.test("renderExperimentReport() puts variants side by side and highlights only differing parameters", async () => {
  const out = await Deno.makeTempDir({ prefix: "report_exp_" });
  try {
    const data = await loadFixture();
    const other = { ...data, metrics: data.metrics.map((m) => ({ ...m, mean: m.mean / 2 })) };
    await Deno.mkdir(join(out, "a"));
    await Deno.writeTextFile(join(out, "a", "index.html"), "");
    const { index } = await renderExperimentReport([
      { name: "alpha=1", params: { "lasso.alpha": 1, "crop.size_mm": 96 }, data, href: "a/index.html" },
      { name: "alpha=0.5", params: { "lasso.alpha": 0.5, "crop.size_mm": 96 }, data: other },
    ], out);
    const html = await Deno.readTextFile(index);
    // Only the parameter that differs is a column; every parameter is behind the toggle.
    assert.equal(html.match(/<th scope="col" aria-sort="none" class="differs">/g)?.length, 1);
    assert.match(html, /class="differs"><button type="button" data-col="1">lasso.alpha/);
    assert.doesNotMatch(html.split('<details id="all-parameters">')[0]!, /crop\.size_mm<\/button>/);
    assert.equal(html.match(/<td data-value="[^"]*" class="differs">/g)?.length, 2);
    assert.match(html.split('<details id="all-parameters">')[1]!, /<td>crop\.size_mm<\/td><td>96<\/td><td>96<\/td>/);
    // One figure: both variants on one axis, the comparators beside the U-Net features.
    const figure = html.slice(html.indexOf('id="fig-variants"'));
    assert.ok(attributeValues(html, "id").includes("fig-variants"));
    for (const label of ["alpha=1", "alpha=0.5", "TLG"]) assert.ok(figure.includes(label), label);
    // Both variants hold the same selection, so every endpoint's signature overlaps perfectly.
    assert.ok(attributeValues(html, "id").includes("table-overlap"));
    assert.equal(html.match(/<td>1<\/td><td>1<\/td>/g)?.length, new Set(data.selected.map((s) => s.endpoint)).size);
    const auc = data.metrics.find((m) =>
      m.endpoint === "os2y" && m.model === "unet" && m.protocol === "bootstrap-nested" && m.metric === "auc"
    )!;
    assert.ok(html.includes(`<td data-value="${auc.mean}">`));
    assert.ok(html.includes(`<td data-value="${auc.mean / 2}">`));
    for (const href of attributeValues(html, "href").filter((h) => !h.startsWith("data:"))) {
      assert.ok((await Deno.stat(join(out, href))).isFile, href);
    }
    await assert.rejects(() => renderExperimentReport([], out), RangeError);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("renderExperimentReport() compares differently seeded variants patient by patient, not by unit names", async () => {
  const out = await Deno.makeTempDir({ prefix: "report_exp_" });
  try {
    const data = await loadFixture();
    const ids = Array.from({ length: 20 }, (_, i) => `S${i}`);
    const withSignature = (unit: string, k: number) => ({
      ...data,
      risks: ids.map((patient, i) => ({ endpoint: "os_2y", patient, risk: k * Math.sin(i) })),
      signatureValues: ids.map((patient, i) => ({ endpoint: "os_2y", patient, feature: unit, value: Math.sin(i) })),
    });
    const { index } = await renderExperimentReport([
      { name: "seed1", params: { seed: 1, "crop.size_mm": 96 }, data: withSignature("C001", 1) },
      { name: "seed2", params: { seed: 2, "crop.size_mm": 96 }, data: withSignature("C377", 2) },
    ], out);
    const html = await Deno.readTextFile(index);
    const ids_ = attributeValues(html, "id");
    assert.ok(ids_.includes("table-agreement"));
    assert.ok(!ids_.includes("table-overlap"), "unit names compared across different trainings");
    assert.match(html, /seed1 C001 → seed2 C377: r = 1/);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
