import assert from "node:assert/strict";
import { readDicomSeries } from "../../../pipeline/imaging/read_dicom_series.ts";
import { readRtstruct } from "../../../pipeline/imaging/read_rtstruct.ts";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { fillPolygons } from "../../../pipeline/imaging/_polygon_fill.ts";

const FIX = new URL("../../../fixtures/data/", import.meta.url).pathname;

Deno.test("readRtstruct() rasterises PAT1 GTV-1 to exactly the provided NIfTI mask", async () => {
  const ct = await readDicomSeries(`${FIX}pat1/dicom/image`);
  const mask = await readRtstruct(`${FIX}pat1/dicom/mask/DCM_RS_00060.dcm`, ct, { roi: "gtv-1" });
  const ref = await readNifti(`${FIX}pat1/nifti/mask/mask.nii.gz`);
  let count = 0;
  let diff = 0;
  for (let i = 0; i < ref.data.length; i++) {
    count += mask.data[i]!;
    if (mask.data[i] !== ref.data[i]) diff++;
  }
  assert.equal(count, 125256);
  assert.equal(diff, 0);
});

Deno.test("readRtstruct() on a NIfTI grid (no UIDs) gives the same PAT1 mask", async () => {
  const img = await readNifti(`${FIX}pat1/nifti/image/phantom.nii.gz`);
  const mask = await readRtstruct(`${FIX}pat1/dicom/mask/DCM_RS_00060.dcm`, { volume: img }, { roi: "GTV-1" });
  const ref = await readNifti(`${FIX}pat1/nifti/mask/mask.nii.gz`);
  let diff = 0;
  for (let i = 0; i < ref.data.length; i++) if (mask.data[i] !== ref.data[i]) diff++;
  assert.equal(diff, 0);
});

Deno.test("fillPolygons() treats a contour inside another as a hole (even-odd rule)", () => {
  const out = new Uint8Array(10 * 10);
  const square = (a: number, b: number) => Float64Array.from([a, a, b, a, b, b, a, b]);
  fillPolygons([square(0.5, 8.5), square(3.5, 5.5)], 10, 10, out, 0);
  const on = (i: number, j: number) => out[i + 10 * j];
  assert.equal(on(1, 1), 1);
  assert.equal(on(4, 4), 0); // in the hole
  assert.equal(on(5, 5), 0);
  assert.equal(on(3, 4), 1);
  assert.equal(on(0, 0), 0);
  assert.equal(out.reduce((s, x) => s + x, 0), 64 - 4);
});
