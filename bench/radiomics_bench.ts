/**
 * Radiomics timing per feature family on a 96×96×48 crop of the IBSI PAT1 CT (2×2×2 mm grid,
 * IBSI configuration C settings), relative to the processing chain alone (`diag`).
 *
 * Run: `deno bench -A bench/radiomics_bench.ts`
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { readNifti } from "../pipeline/imaging/read_nifti.ts";
import type { Volume } from "../pipeline/imaging/volume.ts";
import {
  extractRadiomics,
  filterResponse,
  RADIOMICS_FAMILIES,
  type RadiomicsFamily,
  radiomicsSettings,
} from "../pipeline/radiomics/mod.ts";

const dir = fileURLToPath(new URL("../fixtures/data/ibsi1/pat1/", import.meta.url));
const image = await readNifti(`${dir}image.nii.gz`);
const mask = await readNifti(`${dir}mask.nii.gz`);

/** Crop a 96×96×48 box (at 2 mm after resampling ≈ 196 × 196 × 96 mm) centred on the ROI. */
function cropAround(v: Volume, centre: number[], size: number[]): Volume {
  const [nx, ny] = v.dims;
  const lo = centre.map((c, a) => Math.max(0, Math.min(v.dims[a]! - size[a]!, Math.round(c - size[a]! / 2))));
  const data = new (v.data.constructor as Float32ArrayConstructor)(size[0]! * size[1]! * size[2]!);
  for (let k = 0; k < size[2]!; k++) {
    for (let j = 0; j < size[1]!; j++) {
      for (let i = 0; i < size[0]!; i++) {
        data[i + size[0]! * (j + size[1]! * k)] = v.data[i + lo[0]! + nx * (j + lo[1]! + ny * (k + lo[2]!))]!;
      }
    }
  }
  const a = [...v.affine];
  for (let r = 0; r < 3; r++) {
    a[4 * r + 3] = a[4 * r + 3]! + a[4 * r]! * lo[0]! + a[4 * r + 1]! * lo[1]! + a[4 * r + 2]! * lo[2]!;
  }
  return { data, dims: [size[0]!, size[1]!, size[2]!], affine: a };
}

const sum = [0, 0, 0];
let n = 0;
for (let p = 0; p < mask.data.length; p++) {
  if (!mask.data[p]) continue;
  sum[0]! += p % image.dims[0], sum[1]! += Math.floor(p / image.dims[0]) % image.dims[1];
  sum[2]! += Math.floor(p / (image.dims[0] * image.dims[1])), n++;
}
// 96×96×48 voxels at 2 mm ≈ 196×196×32 native voxels (0.977 mm in-plane, 3 mm slices).
const size = [196, 196, 32];
const centre = sum.map((s) => s / n);
const img = cropAround(image, centre, size);
const msk = cropAround(mask, centre, size);
const settings = radiomicsSettings({
  dimensions: "3d",
  interpolation: { spacing_mm: [2, 2, 2], image: "linear", round_intensities: true, mask: "linear" },
  resegmentation: { range: [-1000, 400] },
  discretisation: { texture: { bin_size: 25 }, ivh: { bin_size: 2.5 } },
});

for (const family of RADIOMICS_FAMILIES) {
  Deno.bench({
    name: `radiomics ${family}`,
    group: "family",
    baseline: family === "diag",
    n: 3,
    warmup: 1,
    fn: () => {
      extractRadiomics(img, msk, settings, { families: [family as RadiomicsFamily] });
    },
  });
}
Deno.bench({
  name: "radiomics all families",
  group: "all",
  n: 3,
  warmup: 1,
  fn: () => {
    extractRadiomics(img, msk, settings);
  },
});

// IBSI-2 filters on a 64³ phantom (the IBSI-2 checkerboard, 2 mm voxels), one bench per filter and
// its rotation-invariant form; the mean filter is the group's baseline.
const phantomPath = fileURLToPath(new URL("../fixtures/data/ibsi2/phantoms/checkerboard.nii.gz", import.meta.url));
const phantom = await readNifti(phantomPath);
const grid = { data: Float64Array.from(phantom.data), dims: phantom.dims };
const FILTERS: Array<[string, Record<string, unknown>]> = [
  ["mean 15³", { type: "mean", support: 15 }],
  ["LoG σ 5 mm", { type: "log", sigma_mm: 5 }],
  ["Laws E5L5S5", { type: "laws", kernels: "E5L5S5" }],
  ["Laws E5L5S5 rotation-invariant + energy", {
    type: "laws",
    kernels: "E5L5S5",
    rotation_invariance: "max",
    energy_distance: 7,
  }],
  ["Gabor θ 60°", { type: "gabor", sigma_mm: 10, lambda_mm: 4, gamma: 0.5, theta_deg: 60, dimensions: "2d" }],
  ["Gabor θ step 45°, 3 planes", {
    type: "gabor",
    sigma_mm: 10,
    lambda_mm: 4,
    gamma: 0.5,
    theta_step_deg: 45,
    rotation_invariance: "average",
    orthogonal_planes: true,
    dimensions: "2d",
  }],
  ["wavelet haar LLL level 2", { type: "wavelet", wavelet: "haar", path: "LLL", level: 2 }],
  ["wavelet coif1 HHL rotation-invariant", {
    type: "wavelet",
    wavelet: "coif1",
    path: "HHL",
    rotation_invariance: "average",
  }],
  ["Simoncelli level 2", { type: "simoncelli", level: 2 }],
];
for (const [name, filter] of FILTERS) {
  const [f] = radiomicsSettings({ filter }).filters;
  Deno.bench({
    name: `IBSI-2 ${name} (64³)`,
    group: "ibsi2-filter",
    baseline: name.startsWith("mean"),
    n: 3,
    warmup: 1,
    fn: () => {
      filterResponse(grid, [2, 2, 2], f!);
    },
  });
}
