/**
 * Training data plumbing: patient-level split, seeded augmentation and batch assembly.
 * Images are `[D, H, W]` x-fastest `Float32Array`s, already normalised.
 *
 * @module
 */
import type { Rng } from "../../stats/random.ts";

/** One normalised training item. */
export interface Item {
  readonly id: string;
  readonly image: Float32Array;
  readonly mask: Uint8Array;
}

/** Split patient ids into train and validation sets (by id, so one patient never straddles both). */
export function splitPatients(
  ids: readonly string[],
  valFraction: number,
  rng: Rng,
): { train: string[]; val: string[] } {
  const unique = [...new Set(ids)].sort();
  for (let i = unique.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [unique[i], unique[j]] = [unique[j]!, unique[i]!];
  }
  const nVal = Math.min(unique.length - 1, Math.max(1, Math.round(unique.length * valFraction)));
  return { val: unique.slice(0, nVal).sort(), train: unique.slice(nVal).sort() };
}

/** A seeded permutation of `0..n-1`. */
export function permutation(n: number, rng: Rng): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** Augmentation strengths. */
export interface AugmentOptions {
  /** Flip each axis with probability 1/2. */
  readonly flip: boolean;
  /** Std of the multiplicative intensity factor `1 + σ·n`. */
  readonly scaleSd: number;
  /** Std of the additive intensity shift. */
  readonly shiftSd: number;
}

/** A flipped, intensity-jittered copy of an item (mask flipped alike, never jittered). */
export function augment(item: Item, shape: readonly [number, number, number], o: AugmentOptions, rng: Rng): Item {
  const [d, h, w] = shape;
  const fz = o.flip && rng.uniform() < 0.5;
  const fy = o.flip && rng.uniform() < 0.5;
  const fx = o.flip && rng.uniform() < 0.5;
  const scale = 1 + o.scaleSd * rng.normal();
  const shift = o.shiftSd * rng.normal();
  const image = new Float32Array(item.image.length);
  const mask = new Uint8Array(item.mask.length);
  for (let z = 0; z < d; z++) {
    const sz = fz ? d - 1 - z : z;
    for (let y = 0; y < h; y++) {
      const sy = fy ? h - 1 - y : y;
      const dst = (z * h + y) * w;
      const src = (sz * h + sy) * w;
      for (let x = 0; x < w; x++) {
        const s = src + (fx ? w - 1 - x : x);
        image[dst + x] = item.image[s]! * scale + shift;
        mask[dst + x] = item.mask[s]!;
      }
    }
  }
  return { id: item.id, image, mask };
}

/** Concatenate items into flat `[N·D·H·W]` image and mask buffers. */
export function stack(items: readonly Item[]): { images: Float32Array; masks: Float32Array } {
  const size = items[0]?.image.length ?? 0;
  const images = new Float32Array(items.length * size);
  const masks = new Float32Array(items.length * size);
  items.forEach((it, i) => {
    images.set(it.image, i * size);
    for (let j = 0; j < size; j++) masks[i * size + j] = it.mask[j]!;
  });
  return { images, masks };
}

/** Dice of a binarised prediction against a mask; 1 when both are empty. */
export function hardDice(probability: ArrayLike<number>, mask: ArrayLike<number>, threshold = 0.5): number {
  let inter = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < mask.length; i++) {
    const p = probability[i]! >= threshold ? 1 : 0;
    const m = mask[i]! > 0 ? 1 : 0;
    inter += p * m;
    a += p;
    b += m;
  }
  return a + b === 0 ? 1 : (2 * inter) / (a + b);
}
