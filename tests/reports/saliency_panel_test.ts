import assert from "node:assert/strict";
import { saliencyPanel } from "../../reports/saliency_panel.ts";
import { attributeValues, loadFixture } from "./_fixture.ts";

Deno.test("saliencyPanel() lists one PNG per slice, shows the middle one and states the fixed scale", async () => {
  const v = (await loadFixture()).volumes.find((x) => x.kind === "saliency")!;
  const { html, files } = saliencyPanel(v, { assetDir: "img" });
  assert.equal(files.length, v.dims[2]);
  assert.deepEqual(attributeValues(html, "data-slices")[0]!.split(","), files.map((f) => f.path));
  assert.deepEqual(attributeValues(html, "src"), [files[5]!.path]);
  assert.match(html, /max="11"/);
  assert.match(html, /fixed over all slices \(0 to /);
  assert.match(html, /id="fig-saliency-saliency_os2y"/);
  assert.equal(attributeValues(html, "width")[0], String(24 * 4 * 3));
});

Deno.test("saliencyPanel() captions the map by its method and shows its checks beside it", async () => {
  const data = await loadFixture();
  const v = data.volumes.find((x) => x.kind === "saliency")!;
  const check = data.saliencyChecks[0]!;
  const { html } = saliencyPanel(v, { check });
  assert.match(html, /Guided-backpropagation saliency magnitude over the CT crop/);
  for (const verdict of check.verdicts) assert.ok(html.includes(verdict), verdict);
  assert.equal((html.match(/class="check-plot"/g) ?? []).length, 2);
  const plain = saliencyPanel({ ...v, method: "gradient" });
  assert.match(plain.html, /Plain-gradient \(∂P\/∂x\) saliency magnitude/);
  assert.doesNotMatch(plain.html, /Guided-backpropagation saliency magnitude/);
  assert.match(saliencyPanel({ ...v, method: "gradientTimesInput" }).html, /Gradient × input/);
});
