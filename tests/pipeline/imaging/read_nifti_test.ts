import assert from "node:assert/strict";
import { readNifti } from "../../../pipeline/imaging/read_nifti.ts";
import { DeepmarkerError } from "../../../pipeline/errors.ts";

const DIR = new URL("../../../fixtures/data/nifti/", import.meta.url).pathname;
const EXPECTED = JSON.parse(await Deno.readTextFile(`${DIR}expected_headers.json`));

interface Stats {
  min: number;
  max: number;
  sum: number;
  nonzero: number;
}

function stats(data: ArrayLike<number>, into: Stats = { min: Infinity, max: -Infinity, sum: 0, nonzero: 0 }) {
  for (let n = 0; n < data.length; n++) {
    const x = data[n]!;
    into.min = Math.min(into.min, x), into.max = Math.max(into.max, x), into.sum += x;
    if (x !== 0) into.nonzero++;
  }
  return into;
}

function assertAffine(actual: readonly number[], expected: number[][], tol = 1e-5) {
  const flat = expected.flat();
  actual.forEach((x, n) => assert.ok(Math.abs(x - flat[n]!) <= tol, `affine[${n}] ${x} vs ${flat[n]}`));
}

for (const name of ["anatomical.nii", "standard.nii.gz", "example4d.nii.gz", "example_nifti2.nii.gz"]) {
  Deno.test(`readNifti() matches nibabel on ${name}`, async () => {
    const exp = EXPECTED[name].computed_here;
    const shape: number[] = exp.shape;
    const nt = shape[3] ?? 1;
    const acc: Stats = { min: Infinity, max: -Infinity, sum: 0, nonzero: 0 };
    for (let t = 0; t < nt; t++) {
      const v = await readNifti(`${DIR}${name}`, { volume: t });
      assert.deepEqual(v.dims, shape.slice(0, 3));
      assertAffine(v.affine, exp.affine);
      if (t === 0) assert.equal(v.data[0], exp.data_after_scaling["first_voxel_[0,0,0...]"]);
      stats(v.data, acc);
    }
    const want = exp.data_after_scaling;
    assert.equal(acc.min, want.min);
    assert.equal(acc.max, want.max);
    assert.equal(acc.sum, want.sum);
    assert.equal(acc.nonzero, want.nonzero_count);
  });
}

Deno.test("readNifti() reads the sform-only uint8 mask at the listed voxels", async () => {
  const v = await readNifti(`${DIR}standard.nii.gz`);
  assert.ok(v.data instanceof Uint8Array);
  const [nx, ny] = v.dims;
  const ijk: number[][] = EXPECTED["standard.nii.gz"].computed_here.nonzero_voxel_indices_ijk;
  const found: number[][] = [];
  v.data.forEach((x, n) => {
    if (x !== 0) found.push([n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))]);
  });
  const key = (a: number[]) => a.join(",");
  assert.deepEqual(found.map(key).sort(), ijk.map(key).sort());
});

Deno.test("readNifti() uses qform when sform_code is 0 and applies scl_slope/scl_inter", async () => {
  const bytes = await Deno.readFile(`${DIR}anatomical.nii`); // big-endian, qform 2, sform 2
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  view.setInt16(254, 0, false); // sform_code = 0
  view.setFloat32(112, 2, false); // scl_slope
  view.setFloat32(116, -5, false); // scl_inter
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/q.nii`, copy);
    const v = await readNifti(`${dir}/q.nii`);
    assertAffine(v.affine, EXPECTED["anatomical.nii"].computed_here.qform_affine);
    assert.ok(v.data instanceof Float32Array);
    assert.equal(
      v.data[0],
      2 * EXPECTED["anatomical.nii"].computed_here.data_after_scaling["first_voxel_[0,0,0...]"] - 5,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readNifti() refuses a volume index past the 4th dimension", async () => {
  await assert.rejects(
    () => readNifti(`${DIR}example4d.nii.gz`, { volume: 2 }),
    (e: unknown) => e instanceof DeepmarkerError && /volume 2 requested, the file has 2/.test(e.message),
  );
});
