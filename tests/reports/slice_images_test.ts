import assert from "node:assert/strict";
import { decode } from "fast-png";
import { sliceImages } from "../../reports/slice_images.ts";
import { loadFixture } from "./_fixture.ts";

Deno.test("sliceImages() draws voxel (i, j, k) at column i, row ny - 1 - j, grey on a fixed range", () => {
  const data = new Float32Array(3 * 2 * 2);
  data[1 + 3 * (0 + 2 * 1)] = 10; // i = 1, j = 0, k = 1
  const out = sliceImages({
    id: "v",
    kind: "activation",
    title: "",
    modality: "CT",
    endpoint: "",
    dims: [3, 2, 2],
    spacing: [1, 1, 1],
    data,
  });
  assert.deepEqual(out.range, [0, 10]);
  const img = decode(out.pngs[1]!);
  const px = (col: number, row: number) => [...img.data.slice(4 * (col + 3 * row), 4 * (col + 3 * row) + 4)];
  assert.deepEqual(px(1, 1), [255, 255, 255, 255]);
  assert.deepEqual(px(1, 0), [0, 0, 0, 255]);
  assert.ok(decode(out.pngs[0]!).data.every((v, i) => i % 4 === 3 ? v === 255 : v === 0));
});

Deno.test("sliceImages() blends the heat scale over the CT window for the fixture saliency", async () => {
  const { volumes } = await loadFixture();
  const v = volumes.find((x) => x.kind === "saliency")!;
  const out = sliceImages(v);
  let max = 0;
  let at = 0;
  v.data.forEach((x, i) => Math.abs(x) > max && (max = Math.abs(x), at = i));
  assert.deepEqual(out.range, [0, max]);
  const [nx, ny] = v.dims;
  const i = at % nx;
  const j = Math.floor(at / nx) % ny;
  const k = Math.floor(at / (nx * ny));
  const img = decode(out.pngs[k]!);
  const o = 4 * (i + nx * (ny - 1 - j));
  const g = 255 * Math.min(1, Math.max(0, (v.background![at]! + 1000) / 1400));
  const expected = [252, 255, 164].map((h) => Math.round(0.15 * Math.round(g) + 0.85 * h));
  assert.deepEqual([...img.data.slice(o, o + 3)], expected);
  const fixed = sliceImages(v, { range: [0, max * 2] });
  assert.notDeepEqual([...decode(fixed.pngs[k]!).data.slice(o, o + 3)], expected);
});
