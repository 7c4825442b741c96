import assert from "node:assert/strict";
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
