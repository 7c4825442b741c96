import assert from "node:assert/strict";
import { DeepmarkerError } from "../../../pipeline/errors.ts";
import { alignMask } from "../../../pipeline/imaging/align_mask.ts";
import { checkMaskOverlap } from "../../../pipeline/imaging/check_mask_overlap.ts";
import { sameGrid } from "../../../pipeline/imaging/same_grid.ts";
import { prepareRoi } from "../../../pipeline/radiomics/prepare_roi.ts";
import { radiomicsSettings } from "../../../pipeline/radiomics/settings.ts";

/** A row of `n` voxels along x at `spacing` mm, first centre at `x0`. */
function row<T extends Uint8Array | Float32Array>(data: T, spacing: number, x0 = 0) {
  return { data, dims: [data.length, 1, 1] as const, affine: [spacing, 0, 0, x0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
}

Deno.test("alignMask() resamples a coarser mask by nearest centre or by partial volume", () => {
  const image = row(new Float32Array(8), 1);
  const mask = row(new Uint8Array([0, 1, 0, 0]), 2); // voxel 1 covers x ∈ [1, 3] mm
  assert.deepEqual([...alignMask(mask, image).data], [0, 1, 1, 0, 0, 0, 0, 0]); // centres 1, 2 round to voxel 1
  // image voxels 1 and 3 are half covered ([0.5, 1.5] and [2.5, 3.5]): kept by partial volume
  assert.deepEqual([...alignMask(mask, image, { resampling: "partial_volume" }).data], [0, 1, 1, 1, 0, 0, 0, 0]);
  const same = alignMask(row(new Uint8Array([0, 3, 0, 0, 0, 0, 0, 9]), 1), image);
  assert.deepEqual([...same.data], [0, 1, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(same.affine, image.affine);
});

Deno.test("checkMaskOverlap() refuses a partial overlap below the set fraction and accepts it above", () => {
  const image = row(new Float32Array(10), 1);
  const mask = row(new Uint8Array(10).fill(1), 1, 4); // voxels at x = 4 … 13: six inside the image
  assert.throws(
    () => checkMaskOverlap(mask, image, { imageName: "CT", maskName: "m.nii" }),
    (e: unknown) =>
      e instanceof DeepmarkerError &&
      /^Cannot use mask "m\.nii" with the CT: only 60 % of the ROI's 10 voxels lie inside the CT \(at least 90 % required\); its centre is inside$/
        .test(e.message),
  );
  const o = checkMaskOverlap(mask, image, { minOverlap: 0.5 });
  assert.deepEqual([o.voxels, o.inside, o.fraction, o.centreDistanceMm], [10, 6, 0.6, 0]);
  assert.throws(() => checkMaskOverlap(row(new Uint8Array(3), 1), image), /the ROI is empty/);
});

Deno.test("sameGrid() tells grids apart by affine, and prepareRoi() refuses to match those by index", () => {
  const image = row(new Float32Array([1, 2, 3, 4]), 1);
  const shifted = row(new Uint8Array([1, 1, 1, 1]), 1, 2);
  assert.equal(sameGrid(image, row(new Uint8Array(4), 1, 1e-6)), true);
  assert.equal(sameGrid(image, shifted), false);
  assert.equal(sameGrid(image, row(new Uint8Array(4), -1, 3)), false); // reversed axis over the same span
  assert.throws(
    () => prepareRoi(image, shifted, radiomicsSettings({})),
    /the mask grid \(4×1×1\) is not the image grid \(4×1×1\): their affine differs/,
  );
});
