import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parseCsvRecords } from "../../../pipeline/csv.ts";
import { extractRadiomics } from "../../../pipeline/radiomics/extract_radiomics.ts";
import { PYRADIOMICS_NAMES } from "../../../pipeline/radiomics/pyradiomics_names.ts";
import { radiomicsSettings } from "../../../pipeline/radiomics/settings.ts";
import { readNrrd } from "../../../pipeline/imaging/read_nrrd.ts";

const DIR = fileURLToPath(new URL("../../../fixtures/data/pyradiomics/", import.meta.url));
const CLASSES = ["firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"];

/** PyRadiomics' own baseline of the `brain1` case: binWidth 25, distance 1, voxelArrayShift 2000. */
async function baseline(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const c of CLASSES) {
    const rows = parseCsvRecords(await Deno.readTextFile(`${DIR}baseline_${c}.csv`));
    const col = rows[0]!.indexOf("brain1");
    for (const r of rows.slice(1)) if (r[0]!.startsWith("original_") && r[col]) out.set(r[0]!, Number(r[col]));
  }
  return out;
}

async function brain1(convention: "ibsi" | "pyradiomics"): Promise<Map<string, number>> {
  const image = await readNrrd(`${DIR}brain1_image.nrrd`);
  const mask = await readNrrd(`${DIR}brain1_label.nrrd`);
  const settings = radiomicsSettings({
    discretisation: { texture: { bin_size: 25 } },
    convention,
    ...(convention === "pyradiomics" ? { voxel_array_shift: 2000 } : {}),
  });
  return new Map(extractRadiomics(image, mask, settings).map((r) => [r.tag, r.value]));
}

function compare(got: Map<string, number>, want: Map<string, number>): string[] {
  const off: string[] = [];
  for (const name of Object.values(PYRADIOMICS_NAMES)) {
    const v = got.get(name);
    const ref = want.get(name)!;
    if (v === undefined || !(Math.abs(v - ref) <= 1e-3 * Math.abs(ref))) off.push(`${name}: ${v} vs ${ref}`);
  }
  return off;
}

Deno.test("convention: pyradiomics reproduces PyRadiomics' brain1 baseline for every shared feature (< 0.1 %)", async () => {
  const want = await baseline();
  const shared = Object.values(PYRADIOMICS_NAMES);
  assert.ok(shared.every((n) => want.has(n)), "every mapped name is in the baseline");
  const off = compare(await brain1("pyradiomics"), want);
  // deno-lint-ignore no-console -- the coverage line is the point of this test's output
  console.log(`PyRadiomics brain1: ${shared.length - off.length}/${shared.length} shared features within 0.1 %`);
  assert.deepEqual(off, []);
});

Deno.test("convention: ibsi differs from PyRadiomics where the conventions differ (binning, energy, kurtosis)", async () => {
  const ibsi = await brain1("ibsi");
  const want = await baseline();
  assert.ok(!ibsi.has("original_firstorder_Mean"), "IBSI tags, not PyRadiomics names");
  assert.equal(ibsi.get("stat_mean")!.toFixed(3), want.get("original_firstorder_Mean")!.toFixed(3));
  assert.ok(Math.abs(ibsi.get("stat_kurt")! + 3 - want.get("original_firstorder_Kurtosis")!) < 1e-6);
  assert.ok(Math.abs(ibsi.get("cm_joint_avg_3D_avg")! / want.get("original_glcm_JointAverage")! - 1) > 0.01);
});
