import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readNifti } from "../../../../pipeline/imaging/read_nifti.ts";
import { type FilterGrid as Grid, filterResponse } from "../../../../pipeline/radiomics/filters/filter_response.ts";
import { radiomicsSettings } from "../../../../pipeline/radiomics/settings.ts";

const DIR = fileURLToPath(new URL("../../../../fixtures/data/ibsi2/", import.meta.url));
const phantoms = new Map<string, Grid>();

async function phantom(name: string): Promise<Grid> {
  const hit = phantoms.get(name);
  if (hit) return hit;
  const v = await readNifti(`${DIR}phantoms/${name}.nii.gz`);
  const g = { data: Float64Array.from(v.data), dims: v.dims };
  phantoms.set(name, g);
  return g;
}

/** IBSI-2 phase 1 pass rule: every voxel within 1 % of the reference map's range. */
async function compare(test: string, got: Grid): Promise<{ worst: number; bad: number }> {
  const ref = (await readNifti(`${DIR}response_maps/${test}-ValidCRM.nii.gz`)).data;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of ref) lo = Math.min(lo, v), hi = Math.max(hi, v);
  let worst = 0;
  let bad = 0;
  for (let p = 0; p < ref.length; p++) {
    const d = Math.abs(got.data[p]! - ref[p]!) / (hi - lo);
    worst = Math.max(worst, d);
    if (d > 0.01) bad++;
  }
  return { worst, bad };
}

// Test → phantom and filter settings, as the IBSI-2 manual (arXiv:2006.05470, Table "phase 1")
// defines them; spacing 2 mm.
const CASES: Array<[string, string, Record<string, unknown>]> = [
  ["1_a_1", "checkerboard", { type: "mean", support: 15, padding: "constant" }],
  ["1_a_2", "checkerboard", { type: "mean", support: 15, padding: "nearest" }],
  ["1_a_3", "checkerboard", { type: "mean", support: 15, padding: "periodic" }],
  ["1_a_4", "checkerboard", { type: "mean", support: 15, padding: "mirror" }],
  ["1_b_1", "impulse", { type: "mean", support: 15, padding: "constant", dimensions: "2d" }],
  ["2_a", "impulse", { type: "log", sigma_mm: 3, padding: "constant" }],
  ["2_b", "checkerboard", { type: "log", sigma_mm: 5, padding: "mirror" }],
  ["2_c", "checkerboard", { type: "log", sigma_mm: 5, padding: "mirror", dimensions: "2d" }],
  ["3_a_1", "impulse", { type: "laws", kernels: "E5L5S5", padding: "constant" }],
  ["3_a_2", "impulse", { type: "laws", kernels: "E5L5S5", padding: "constant", rotation_invariance: "max" }],
  ["3_a_3", "impulse", {
    type: "laws",
    kernels: "E5L5S5",
    padding: "constant",
    rotation_invariance: "max",
    energy_distance: 7,
  }],
  ["3_b_1", "checkerboard", { type: "laws", kernels: "E3W5R5" }],
  ["3_b_2", "checkerboard", { type: "laws", kernels: "E3W5R5", rotation_invariance: "max" }],
  ["3_b_3", "checkerboard", { type: "laws", kernels: "E3W5R5", rotation_invariance: "max", energy_distance: 7 }],
  ["3_c_1", "checkerboard", { type: "laws", kernels: "L5S5", dimensions: "2d" }],
  ["3_c_2", "checkerboard", { type: "laws", kernels: "L5S5", dimensions: "2d", rotation_invariance: "max" }],
  ["3_c_3", "checkerboard", {
    type: "laws",
    kernels: "L5S5",
    dimensions: "2d",
    rotation_invariance: "max",
    energy_distance: 7,
  }],
  ["4_a_1", "impulse", {
    type: "gabor",
    sigma_mm: 10,
    lambda_mm: 4,
    gamma: 0.5,
    theta_deg: 60,
    padding: "constant",
    dimensions: "2d",
  }],
  ["4_a_2", "impulse", {
    type: "gabor",
    sigma_mm: 10,
    lambda_mm: 4,
    gamma: 0.5,
    theta_step_deg: 45,
    rotation_invariance: "average",
    orthogonal_planes: true,
    padding: "constant",
    dimensions: "2d",
  }],
  ["4_b_1", "sphere", { type: "gabor", sigma_mm: 20, lambda_mm: 8, gamma: 2.5, theta_deg: 225, dimensions: "2d" }],
  ["4_b_2", "sphere", {
    type: "gabor",
    sigma_mm: 20,
    lambda_mm: 8,
    gamma: 2.5,
    theta_step_deg: 22.5,
    rotation_invariance: "average",
    orthogonal_planes: true,
    dimensions: "2d",
  }],
  ["7_a_1", "checkerboard", {
    type: "wavelet",
    wavelet: "haar",
    path: "LLL",
    level: 2,
    rotation_invariance: "average",
  }],
  ["7_a_2", "checkerboard", {
    type: "wavelet",
    wavelet: "haar",
    path: "HHH",
    level: 2,
    rotation_invariance: "average",
  }],
];

for (const [test, input, filter] of CASES) {
  Deno.test(`filterResponse() reproduces IBSI-2 reference response map ${test} within 1 % of its range`, async () => {
    const [f] = radiomicsSettings({ filter }).filters;
    const { worst, bad } = await compare(test, filterResponse(await phantom(input), [2, 2, 2], f!));
    assert.equal(bad, 0, `${test}: ${bad} voxels off by more than 1 % (worst ${(worst * 100).toFixed(3)} %)`);
  });
}

Deno.test("filterResponse() fails the IBSI-2 rule when a setting is wrong (the check has teeth)", async () => {
  const [f] = radiomicsSettings({ filter: { type: "laws", kernels: "E5L5S5", padding: "mirror" } }).filters;
  const { bad } = await compare("3_a_1", filterResponse(await phantom("impulse"), [2, 2, 2], f!));
  assert.equal(bad, 0, "padding does not matter for an impulse in the middle");
  const [g] = radiomicsSettings({ filter: { type: "laws", kernels: "L5E5S5", padding: "constant" } }).filters;
  assert.ok((await compare("3_a_1", filterResponse(await phantom("impulse"), [2, 2, 2], g!))).bad > 0);
});
