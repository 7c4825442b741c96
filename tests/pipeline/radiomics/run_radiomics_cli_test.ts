import assert from "node:assert/strict";
import { DeepmarkerError } from "../../../pipeline/errors.ts";
import { readNrrd } from "../../../pipeline/imaging/read_nrrd.ts";
import { writeNifti } from "../../../pipeline/imaging/write_nifti.ts";
import { runRadiomicsCli } from "../../../pipeline/radiomics/run_radiomics_cli.ts";
import { IBSI_DIR, readIbsiReference, withinTolerance } from "./_ibsi_reference.ts";

Deno.test("runRadiomicsCli() writes tag,value rows matching the IBSI phantom references", async () => {
  const dir = await Deno.makeTempDir({ prefix: "radiomics_cli_" });
  try {
    await Deno.writeTextFile(`${dir}/s.yaml`, "dimensions: 3d\n");
    const n = await runRadiomicsCli({
      image: `${IBSI_DIR}digital_phantom/image.nii.gz`,
      mask: `${IBSI_DIR}digital_phantom/mask.nii.gz`,
      settings: `${dir}/s.yaml`,
      out: `${dir}/f.csv`,
    });
    const lines = (await Deno.readTextFile(`${dir}/f.csv`)).trimEnd().split("\n");
    assert.equal(lines[0], "tag,value");
    assert.equal(lines.length, n + 1);
    const got = new Map(lines.slice(1).map((l) => [l.split(",")[0]!, Number(l.split(",")[1])]));
    const refs = await readIbsiReference("ibsi_1_reference_values_digital_phantom.csv");
    for (const tag of ["stat_mean", "morph_volume", "cm_joint_max_3D_avg", "ngl_lde_3D"]) {
      assert.ok(withinTolerance(got.get(tag)!, refs.find((r) => r.tag === tag)!), tag);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runRadiomicsCli() asks for --roi with an RTSTRUCT mask", async () => {
  const dir = await Deno.makeTempDir({ prefix: "radiomics_cli_" });
  try {
    await Deno.writeTextFile(`${dir}/s.yaml`, "dimensions: 3d\n");
    await assert.rejects(
      runRadiomicsCli({
        image: `${IBSI_DIR}digital_phantom/image.nii.gz`,
        mask: `${dir}/rtstruct.dcm`,
        settings: `${dir}/s.yaml`,
        out: `${dir}/f.csv`,
      }),
      /needs --roi/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runRadiomicsCli() writes filtered features and PyRadiomics names when the settings ask for them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "radiomics_cli_" });
  try {
    await Deno.writeTextFile(
      `${dir}/s.yaml`,
      "convention: pyradiomics\ndiscretisation: {texture: {bin_size: 1}}\n" +
        "filter: {name: log1mm, type: log, sigma_mm: 1}\n",
    );
    await runRadiomicsCli({
      image: `${IBSI_DIR}digital_phantom/image.nii.gz`,
      mask: `${IBSI_DIR}digital_phantom/mask.nii.gz`,
      settings: `${dir}/s.yaml`,
      out: `${dir}/f.csv`,
    });
    const tags = new Set((await Deno.readTextFile(`${dir}/f.csv`)).split("\n").map((l) => l.split(",")[0]));
    for (const t of ["original_firstorder_Mean", "original_glcm_Idmn", "log1mm_stat_mean", "log1mm_ih_entropy"]) {
      assert.ok(tags.has(t), t);
    }
    assert.ok(!tags.has("stat_mean"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const BRAIN = new URL("../../../fixtures/data/pyradiomics/", import.meta.url).pathname;

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "radiomics_cli_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function features(path: string): Promise<Map<string, number>> {
  const lines = (await Deno.readTextFile(path)).trimEnd().split("\n").slice(1);
  return new Map(lines.map((l) => [l.split(",")[0]!, Number(l.split(",")[1])]));
}

Deno.test("runRadiomicsCli() relates a mask on another grid through its affine, and refuses one 500 mm away", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/s.yaml`, "discretisation: {texture: {bin_size: 25}}\n");
    const label = await readNrrd(`${BRAIN}brain1_label.nrrd`);
    // the image as NIfTI (as the issue reported it), the reference mask as PyRadiomics' NRRD
    await writeNifti(`${dir}/image.nii.gz`, await readNrrd(`${BRAIN}brain1_image.nrrd`), { datatype: "int16" });
    const run = (mask: string, out: string) =>
      runRadiomicsCli({ image: `${dir}/image.nii.gz`, mask, settings: `${dir}/s.yaml`, out: `${dir}/${out}` });
    await run(`${BRAIN}brain1_label.nrrd`, "ref.csv");
    const ref = await features(`${dir}/ref.csv`);
    assert.equal(ref.get("morph_mask_vox_count_init_roi") ?? ref.get("int_mask_vox_count_init_roi"), 4137);
    // the same ROI stored one slice lower in a grid of the same size whose affine starts one slice higher
    const slice = label.dims[0] * label.dims[1];
    const moved = new Uint8Array(label.data.length);
    for (let p = slice; p < moved.length; p++) moved[p - slice] = label.data[p]!;
    const up = [...label.affine];
    for (const r of [0, 1, 2]) up[4 * r + 3] = up[4 * r + 3]! + up[4 * r + 2]!;
    await writeNifti(`${dir}/moved.nii.gz`, { data: moved, dims: label.dims, affine: up });
    await run(`${dir}/moved.nii.gz`, "moved.csv");
    const got = await features(`${dir}/moved.csv`);
    for (const tag of ["stat_mean", "morph_volume", "cm_joint_max_3D_avg", "szm_sze_3D"]) {
      assert.ok(ref.has(tag), tag);
      assert.equal(got.get(tag), ref.get(tag), tag);
    }
    const far = [...label.affine];
    far[3] = far[3]! + 500;
    await writeNifti(`${dir}/far.nii.gz`, { data: Uint8Array.from(label.data), dims: label.dims, affine: far });
    await assert.rejects(
      run(`${dir}/far.nii.gz`, "far.csv"),
      /Cannot use mask ".*far\.nii\.gz" with the image: the ROI lies outside the image: none of its 4137 voxels lies inside the image; its centre is \d+\.\d mm from it/,
    );
    await assert.rejects(Deno.stat(`${dir}/far.csv`), Deno.errors.NotFound);
  });
});

Deno.test("runRadiomicsCli() checks the output folder first, and asks for a volume of a 4D image", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/s.yaml`, "dimensions: 3d\n");
    await assert.rejects(
      runRadiomicsCli({
        image: `${dir}/absent.nii.gz`,
        mask: `${dir}/absent.nii.gz`,
        settings: `${dir}/s.yaml`,
        out: `${dir}/no/such/f.csv`,
      }),
      (e: unknown) =>
        e instanceof DeepmarkerError &&
        /Cannot write features to ".*f\.csv": folder ".*no\/such" does not exist/.test(e.message),
    );
    const nifti = new URL("../../../fixtures/data/nifti/example4d.nii.gz", import.meta.url).pathname;
    await assert.rejects(
      runRadiomicsCli({ image: nifti, mask: nifti, settings: `${dir}/s.yaml`, out: `${dir}/f.csv` }),
      /4D with 2 volumes and no volume was chosen\nhint: .*input\.volume/,
    );
  });
});
