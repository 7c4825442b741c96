import assert from "node:assert/strict";
import { decode } from "fast-png";
import { montagePng } from "../../../pipeline/visualise/montage_png.ts";

const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1];

Deno.test("montagePng() draws a positive voxel hot over the grey CT, on a legend with a symmetric scale", () => {
  const dims = [6, 5, 4] as const;
  const data = new Float32Array(120);
  data[2 + 6 * (1 + 5 * 3)] = 4; // voxel (2, 1, 3)
  data[0] = -2;
  const ct = { data: new Float32Array(120).fill(-300), dims, affine };
  const png = decode(montagePng({ data, dims, affine }, { background: ct, centre: [2, 1, 3], pixelsPerMm: 1 }));
  const at = (x: number, y: number) => [...png.data.slice(3 * (y * png.width + x), 3 * (y * png.width + x) + 3)];
  // axial panel starts at (4, 4), 2 px per voxel; rows drawn with j upwards: j = 1 of 5 is row 3
  const hot = at(4 + 2 * 2, 4 + 3 * 2);
  assert.ok(hot[0]! > 200 && hot[2]! < 60, `hot pixel ${hot}`);
  const grey = Math.round((255 * 700) / 1400);
  assert.deepEqual(at(4, 4), [grey, grey, grey]); // voxel (0, 4, 3): zero saliency shows the CT
  const legendTop = 4 + 4 * 3 + 4; // tallest panel: nz·3 px, plus two gaps
  const left = at(8, legendTop + 5);
  const right = at(png.width - 9, legendTop + 5);
  const mid = at(png.width >> 1, legendTop + 5);
  assert.ok(left[2]! > 200 && right[0]! > 200 && right[1]! > 200, `legend ends ${left} ${right}`);
  assert.ok(Math.abs(mid[0]! - 128) < 20 && Math.abs(mid[2]! - 128) < 20, `legend middle ${mid}`);
});

Deno.test("montagePng() grey kind maps the range to black and white and refuses a mismatched background", () => {
  const dims = [4, 4, 4] as const;
  const data = new Float32Array(64).map((_, i) => (i % 4) / 3);
  const png = decode(montagePng({ data, dims, affine }, { kind: "grey", range: [0, 1], pixelsPerMm: 1 }));
  assert.deepEqual([...png.data.slice(3 * (4 * png.width + 4), 3 * (4 * png.width + 4) + 3)], [0, 0, 0]);
  const x = 4 + 3 * 2;
  assert.deepEqual([...png.data.slice(3 * (4 * png.width + x), 3 * (4 * png.width + x) + 3)], [255, 255, 255]);
  const bg = { data: new Float32Array(8), dims: [2, 2, 2] as const, affine };
  assert.throws(() => montagePng({ data, dims, affine }, { background: bg }), RangeError);
  assert.throws(() => montagePng({ data, dims, affine }, { centre: [4, 0, 0] }), RangeError);
});
