/**
 * Writing one visualised volume: NIfTI (float32, crop affine), raw little-endian float32 for the
 * report's slice slider, and a PNG montage.
 *
 * @module
 */
import { writeNifti } from "../imaging/write_nifti.ts";
import { spacingOf, type Volume } from "../imaging/volume.ts";
import { montagePng, type MontagePngOptions } from "./montage_png.ts";

/** One entry of `volumes.json`, in the shape `reports/load_report_data.ts` reads. */
export interface VolumeEntry {
  readonly id: string;
  readonly kind: "saliency" | "activation";
  /** The saliency method (`gradient`, `gradientTimesInput`, `guided`); saliency only. */
  readonly method?: string;
  /** The patient whose map this is; saliency only. */
  readonly patient?: string;
  readonly title: string;
  readonly modality: string;
  readonly endpoint: string;
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  /** Raw float32 file, relative to the output folder. */
  readonly file: string;
  /** Raw float32 CT (HU) on the same grid, relative to the output folder (saliency only). */
  readonly background?: string;
  /** NIfTI file, relative to the output folder. */
  readonly nifti: string;
  /** PNG montage, relative to the output folder. */
  readonly png: string;
}

/** Little-endian float32 bytes of `data`. */
export function float32Bytes(data: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(4 * data.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  return bytes;
}

/** Write `<stem>.nii.gz`, `<stem>.f32` and `<stem>.png` under `outDir`; returns their relative paths. */
export async function writeVolumeFiles(
  outDir: string,
  stem: string,
  volume: Volume<Float32Array>,
  montage: MontagePngOptions,
): Promise<{ nifti: string; file: string; png: string }> {
  const paths = { nifti: `${stem}.nii.gz`, file: `${stem}.f32`, png: `${stem}.png` };
  await writeNifti(`${outDir}/${paths.nifti}`, volume, { datatype: "float32", description: `deepmarker ${stem}` });
  await Deno.writeFile(`${outDir}/${paths.file}`, float32Bytes(volume.data));
  await Deno.writeFile(`${outDir}/${paths.png}`, montagePng(volume, montage));
  return paths;
}

/** Voxel `[i, j, k]` nearest the centroid of a mask's non-zero voxels (the grid centre when empty). */
export function maskCentroidVoxel(mask: Volume): [number, number, number] {
  const [nx, ny, nz] = mask.dims;
  let si = 0;
  let sj = 0;
  let sk = 0;
  let n = 0;
  let p = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) if (mask.data[p]! > 0) (si += i), (sj += j), (sk += k), n++;
    }
  }
  if (n === 0) return [nx >> 1, ny >> 1, nz >> 1];
  return [Math.round(si / n), Math.round(sj / n), Math.round(sk / n)];
}

/** The 99.5th percentile of |v| over several maps: a robust fixed half-range for a colour scale. */
export function robustMaxAbs(maps: readonly ArrayLike<number>[]): number {
  let m = 0;
  for (const data of maps) {
    const abs = Float64Array.from(data, Math.abs).sort();
    m = Math.max(m, abs[Math.min(abs.length - 1, Math.floor(0.995 * abs.length))] ?? 0);
  }
  return m > 0 ? m : 1;
}

/** Spacing of a volume rounded for JSON. */
export function spacingTriple(volume: Volume): [number, number, number] {
  return spacingOf(volume).map((s) => Number(s.toFixed(6))) as [number, number, number];
}
