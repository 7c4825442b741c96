/** Shared fixtures of the visualise tests: a tiny U-Net and small real-looking crops from the synthetic cohort. */
import { synthesizeCohort } from "../../../fixtures/synthetic/synthesize_cohort.ts";
import type { Volume } from "../../../pipeline/imaging/volume.ts";
import { normaliseIntensity } from "../../../pipeline/model/normalise_intensity.ts";
import { type UNet, unet3d, type UNetConfig } from "../../../pipeline/model/unet3d.ts";
import type { VisualiseCrop } from "../../../pipeline/visualise/visualise_features.ts";

/** Input `[D, H, W]` = `[8, 16, 16]`: crop dims `[16, 16, 8]`. */
export const tinyConfig: UNetConfig = {
  inputShape: [8, 16, 16],
  depth: 1,
  baseChannels: 2,
  bottleneckChannels: 4,
  norm: "instance",
  dropout: 0,
};

/** A seeded tiny U-Net. */
export function tinyUNet(config: Partial<UNetConfig> = {}, seed = 7): UNet {
  return unet3d({ ...tinyConfig, ...config }, { seed });
}

function subVolume<T extends Volume["data"]>(
  v: Volume<T>,
  origin: readonly number[],
  size: readonly number[],
): Volume<Float32Array> {
  const [nx, ny] = v.dims;
  const [sx, sy, sz] = size as [number, number, number];
  const data = new Float32Array(sx * sy * sz);
  for (let k = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      for (let i = 0; i < sx; i++) {
        data[i + sx * (j + sy * k)] = v.data[origin[0]! + i + nx * (origin[1]! + j + ny * (origin[2]! + k))]!;
      }
    }
  }
  const a = [...v.affine];
  for (let r = 0; r < 3; r++) {
    a[4 * r + 3] = a[4 * r + 3]! + a[4 * r]! * origin[0]! + a[4 * r + 1]! * origin[1]! + a[4 * r + 2]! * origin[2]!;
  }
  return { data, dims: [sx, sy, sz], affine: a };
}

/** Crops `[16, 16, 8]` voxels (48 × 48 × 24 mm) around each synthetic tumour, CT normalised with the window [-1000, 200]. */
export function syntheticCrops(patients: number, seed = 1): VisualiseCrop[] {
  const cohort = synthesizeCohort({ patients, seed, effect: "strong", geometry: "demo" });
  return cohort.patients.map((p) => {
    const { ct, mask } = p.images;
    const [nx, ny, nz] = mask.dims;
    let si = 0;
    let sj = 0;
    let sk = 0;
    let n = 0;
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) if (mask.data[i + nx * (j + ny * k)]) (si += i), (sj += j), (sk += k), n++;
      }
    }
    const size = [16, 16, 8];
    const origin = [si / n, sj / n, sk / n].map((c, a) =>
      Math.min(mask.dims[a]! - size[a]!, Math.max(0, Math.round(c - size[a]! / 2)))
    );
    const ctCrop = subVolume(ct, origin, size);
    return {
      id: p.id,
      ct: ctCrop,
      mask: subVolume(mask, origin, size),
      image: normaliseIntensity(ctCrop.data, { kind: "ct", window: [-1000, 200] }),
    };
  });
}
