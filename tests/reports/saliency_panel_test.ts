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
