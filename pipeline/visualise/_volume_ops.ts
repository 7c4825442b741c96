/**
 * Small in-place helpers on one image stored x fastest with shape `[D, H, W]` (z, y, x), used by the
 * activation-maximisation regularisers: circular roll (jitter) and separable Gaussian blur.
 *
 * @module
 */

/** Circularly shift `src` by `(dz, dy, dx)` voxels into a new array: `out[z+dz, y+dy, x+dx] = src[z, y, x]`. */
export function roll(
  src: Float32Array,
  shape: readonly [number, number, number],
  shift: readonly [number, number, number],
): Float32Array {
  const [d, h, w] = shape;
  const out = new Float32Array(src.length);
  const mod = (a: number, n: number) => ((a % n) + n) % n;
  for (let z = 0; z < d; z++) {
    const zz = mod(z + shift[0], d);
    for (let y = 0; y < h; y++) {
      const yy = mod(y + shift[1], h);
      const from = (z * h + y) * w;
      const to = (zz * h + yy) * w;
      for (let x = 0; x < w; x++) out[to + mod(x + shift[2], w)] = src[from + x]!;
    }
  }
  return out;
}

/** Normalised 1D Gaussian kernel of standard deviation `sigma` (voxels), radius `ceil(3σ)`. */
function kernel1d(sigma: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / s;
  return k;
}

/** Separable Gaussian blur with clamped (replicated) borders, `sigma` in voxels; returns a new array. */
export function gaussianBlur(src: Float32Array, shape: readonly [number, number, number], sigma: number): Float32Array {
  if (!(sigma > 0)) return src.slice();
  const [d, h, w] = shape;
  const k = kernel1d(sigma);
  const r = (k.length - 1) / 2;
  let a = src.slice();
  let b = new Float32Array(src.length);
  const strides = [h * w, w, 1];
  const sizes = [d, h, w];
  for (let axis = 0; axis < 3; axis++) {
    const stride = strides[axis]!;
    const n = sizes[axis]!;
    for (let i = 0; i < a.length; i++) {
      const pos = Math.floor(i / stride) % n;
      let s = 0;
      for (let t = -r; t <= r; t++) s += k[t + r]! * a[i + (Math.min(n - 1, Math.max(0, pos + t)) - pos) * stride]!;
      b[i] = s;
    }
    [a, b] = [b, a];
  }
  return a;
}
