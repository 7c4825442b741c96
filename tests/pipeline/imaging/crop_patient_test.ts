import assert from "node:assert/strict";
import { cropGrid, cropPatient, maskCenter } from "../../../pipeline/imaging/crop_patient.ts";
import { resampleVolume } from "../../../pipeline/imaging/resample_volume.ts";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { writeNifti } from "../../../pipeline/imaging/write_nifti.ts";
import { applyAffine } from "../../../pipeline/imaging/_affine.ts";
import type { Volume } from "../../../pipeline/imaging/volume.ts";

const FIX = new URL("../../../fixtures/data/pat1/nifti/", import.meta.url).pathname;
function countDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = Math.abs(a.length - b.length);
  for (let n = 0; n < Math.min(a.length, b.length); n++) if (a[n] !== b[n]) d++;
  return d;
}

const ct = await readNifti(`${FIX}image/phantom.nii.gz`);
const mask = await readNifti(`${FIX}mask/mask.nii.gz`);

Deno.test("resampleVolume() onto the image's own grid returns the same voxels", () => {
  assert.equal(countDiff(resampleVolume(ct, ct).data, ct.data), 0);
  assert.equal(countDiff(resampleVolume(mask, mask, { interpolation: "nearest", threshold: 0.5 }).data, mask.data), 0);
  assert.equal(countDiff(resampleVolume(mask, mask, { threshold: 0.5 }).data, mask.data), 0);
});

Deno.test("resampleVolume() is exact on a linear ramp (trilinear) and samples world positions", () => {
  const affine = [2, 0, 0, -3, 0, 1, 0, 5, 0, 0, 3, 1, 0, 0, 0, 1];
  const dims = [6, 5, 4] as const;
  const data = new Float32Array(6 * 5 * 4);
  const f = (x: number, y: number, z: number) => 0.5 * x - 2 * y + z;
  for (let k = 0; k < 4; k++) {
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 6; i++) {
        const [x, y, z] = applyAffine(affine, [i, j, k]);
        data[i + 6 * (j + 5 * k)] = f(x, y, z);
      }
    }
  }
  const grid = { dims: [3, 3, 3] as const, affine: [0, 1.5, 0, 0, -1, 0, 0, 8, 0, 0, 2, 2, 0, 0, 0, 1] }; // rotated
  const out = resampleVolume({ data, dims, affine }, grid, { fill: NaN });
  for (let k = 0; k < 3; k++) {
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 3; i++) {
        const [x, y, z] = applyAffine(grid.affine, [i, j, k]);
        assert.ok(Math.abs(out.data[i + 3 * (j + 3 * k)]! - f(x, y, z)) < 1e-4, `${i},${j},${k}`);
      }
    }
  }
});

Deno.test("cropPatient() centres the PAT1 GTV, pads outside the scan and keeps the mask volume", () => {
  const crop = cropPatient({ ct, pet: ct, mask }, { sizeMm: [160, 160, 120], spacingMm: [2, 2, 2] });
  assert.deepEqual(crop.ct.dims, [80, 80, 60]);
  const c = maskCenter(mask);
  assert.deepEqual(
    applyAffine(crop.ct.affine, [39.5, 39.5, 29.5]).map((x) => Math.round(x * 1e6)),
    c.map((x) => Math.round(x * 1e6)),
  );
  const cropCenter = maskCenter(crop.mask);
  c.forEach((x, a) => assert.ok(Math.abs(x - cropCenter[a]!) < 1.5, `centroid axis ${a}`));
  // GTV volume is preserved within a few percent by linear+0.5 resampling
  const vox = (v: Volume) => {
    let s = 0;
    for (let n = 0; n < v.data.length; n++) s += v.data[n]!;
    return s;
  };
  const native = vox(mask) * 0.977 * 0.977 * 3;
  assert.ok(Math.abs(vox(crop.mask) * 8 - native) / native < 0.03);
  // the 120 mm box is taller than the 60 × 3 mm scan around the GTV: padded slices exist
  assert.ok(crop.ct.data.includes(-1000));
  assert.equal(crop.pet.data[0], crop.ct.data[0] === -1000 ? 0 : crop.pet.data[0]);
});

Deno.test("cropPatient() output round-trips through NIfTI with the same voxels and affine", async () => {
  const crop = cropPatient({ ct, pet: ct, mask }, { sizeMm: [40, 40, 24], spacingMm: [1, 1, 1.5], center: "bbox" });
  const dir = await Deno.makeTempDir();
  try {
    await writeNifti(`${dir}/ct.nii.gz`, crop.ct);
    await writeNifti(`${dir}/mask.nii.gz`, crop.mask);
    const back = await readNifti(`${dir}/ct.nii.gz`);
    const backMask = await readNifti(`${dir}/mask.nii.gz`);
    assert.deepEqual(back.data, crop.ct.data);
    assert.deepEqual(backMask.data, crop.mask.data);
    back.affine.forEach((x, n) => assert.ok(Math.abs(x - crop.ct.affine[n]!) < 1e-4));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cropGrid() has RAS −x, −y, +z axes and the requested voxel count", () => {
  const g = cropGrid([10, 20, 30], [96, 96, 48], [1, 1, 1]);
  assert.deepEqual(g.dims, [96, 96, 48]);
  assert.deepEqual([g.affine[0], g.affine[5], g.affine[10]], [-1, -1, 1]);
  assert.deepEqual(applyAffine(g.affine, [47.5, 47.5, 23.5]), [10, 20, 30]);
});
