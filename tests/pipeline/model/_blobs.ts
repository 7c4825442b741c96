/**
 * Tiny synthetic crops for model tests: one bright ellipsoid blob per patient, at a seeded
 * position and size, on a noisy background; the mask is the blob.
 *
 * @module
 */
import { createRng } from "../../../stats/random.ts";

/** One synthetic patient. */
export interface Blob {
  readonly id: string;
  readonly image: Float32Array;
  readonly mask: Uint8Array;
}

/** `n` patients of shape `[D, H, W]` (x fastest), images in roughly [0, 1]. */
export function makeBlobs(n: number, shape: readonly [number, number, number], seed = 1): Blob[] {
  const [d, h, w] = shape;
  const rng = createRng(seed, "blobs");
  return Array.from({ length: n }, (_, p) => {
    const c = [d * (0.3 + 0.4 * rng.uniform()), h * (0.3 + 0.4 * rng.uniform()), w * (0.3 + 0.4 * rng.uniform())];
    const r = [d * (0.15 + 0.1 * rng.uniform()), h * (0.15 + 0.1 * rng.uniform()), w * (0.15 + 0.1 * rng.uniform())];
    const image = new Float32Array(d * h * w);
    const mask = new Uint8Array(d * h * w);
    for (let z = 0; z < d; z++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const q = ((z + 0.5 - c[0]!) / r[0]!) ** 2 + ((y + 0.5 - c[1]!) / r[1]!) ** 2 +
            ((x + 0.5 - c[2]!) / r[2]!) ** 2;
          const i = (z * h + y) * w + x;
          mask[i] = q <= 1 ? 1 : 0;
          image[i] = (q <= 1 ? 0.7 : 0.2) + 0.1 * rng.normal();
        }
      }
    }
    return { id: `P${String(p).padStart(3, "0")}`, image, mask };
  });
}
