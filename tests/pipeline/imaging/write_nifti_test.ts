import assert from "node:assert/strict";
import { writeNifti } from "../../../pipeline/imaging/write_nifti.ts";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { parseNiftiHeader, qformAffine } from "../../../pipeline/imaging/_nifti_header.ts";
import { DeepmarkerError } from "../../../pipeline/errors.ts";
import type { Volume } from "../../../pipeline/imaging/volume.ts";

const DIR = new URL("../../../fixtures/data/nifti/", import.meta.url).pathname;

async function withTemp(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("writeNifti() round-trips a real oblique image with identical voxels and affine", async () => {
  await withTemp(async (dir) => {
    const src = await readNifti(`${DIR}example4d.nii.gz`, { volume: 0 }); // oblique sform, int16
    const img: Volume = { ...src, data: Float32Array.from(src.data, (x) => x * 0.5 - 3) };
    await writeNifti(`${dir}/img.nii.gz`, img, { description: "crop" });
    const back = await readNifti(`${dir}/img.nii.gz`);
    assert.deepEqual(back.dims, img.dims);
    assert.deepEqual([...back.affine], [...Float32Array.from(img.affine)]);
    assert.deepEqual(back.data, img.data);
  });
});

Deno.test("writeNifti() writes a qform that reproduces the affine (for viewers that read qform)", async () => {
  await withTemp(async (dir) => {
    for (const name of ["example4d.nii.gz", "anatomical.nii"]) {
      const src = await readNifti(`${DIR}${name}`, { volume: 0 });
      await writeNifti(`${dir}/x.nii`, src);
      const h = parseNiftiHeader(await Deno.readFile(`${dir}/x.nii`));
      assert.equal(h.qformCode, 1);
      assert.equal(h.sformCode, 1);
      assert.equal(h.description, "");
      qformAffine(h).forEach((x, n) => assert.ok(Math.abs(x - src.affine[n]!) < 1e-3, `${name} qform[${n}]`));
    }
  });
});

Deno.test("writeNifti() stores uint8 masks and int16 images, and its gzip bytes are deterministic", async () => {
  await withTemp(async (dir) => {
    const mask = await readNifti(`${DIR}standard.nii.gz`);
    await writeNifti(`${dir}/a.nii.gz`, mask);
    await writeNifti(`${dir}/b.nii.gz`, mask);
    assert.deepEqual(await Deno.readFile(`${dir}/a.nii.gz`), await Deno.readFile(`${dir}/b.nii.gz`));
    const back = await readNifti(`${dir}/a.nii.gz`);
    assert.ok(back.data instanceof Uint8Array);
    assert.deepEqual(back.data, mask.data);
    const ct = await readNifti(`${DIR}anatomical.nii`);
    await writeNifti(`${dir}/ct.nii`, ct, { datatype: "int16" });
    const ct2 = await readNifti(`${dir}/ct.nii`);
    assert.ok(ct2.data instanceof Int16Array);
    assert.deepEqual(ct2.data, ct.data);
  });
});

Deno.test("writeNifti() refuses a value that does not fit uint8", async () => {
  const v: Volume = {
    data: new Float32Array([0, 1, 300]),
    dims: [3, 1, 1],
    affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
  };
  await assert.rejects(
    () => writeNifti("/nonexistent/never.nii", v, { datatype: "uint8" }),
    (e: unknown) => e instanceof DeepmarkerError && /value 300 at voxel 2 does not fit uint8/.test(e.message),
  );
});
