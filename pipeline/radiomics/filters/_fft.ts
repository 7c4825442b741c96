/**
 * In-place radix-2 complex FFT (lengths that are powers of two) and its 2D/3D forms over
 * row-major arrays (first index fastest).
 *
 * @module
 */

/** Smallest power of two ≥ `n`. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

const TWIDDLES = new Map<number, { cos: Float64Array; sin: Float64Array; rev: Uint32Array }>();

function tables(n: number) {
  let t = TWIDDLES.get(n);
  if (t) return t;
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) cos[i] = Math.cos((2 * Math.PI * i) / n), sin[i] = Math.sin((2 * Math.PI * i) / n);
  const rev = new Uint32Array(n);
  const bits = Math.log2(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  t = { cos, sin, rev };
  TWIDDLES.set(n, t);
  return t;
}

/**
 * FFT of `n` complex values read and written at `offset + k·stride`.
 *
 * @param re real parts
 * @param im imaginary parts
 * @param n length (power of two)
 * @param offset first element
 * @param stride element spacing
 * @param inverse inverse transform (scaled by 1/n)
 * @param buf scratch of length ≥ 2n
 */
export function fft1d(
  re: Float64Array,
  im: Float64Array,
  n: number,
  offset: number,
  stride: number,
  inverse: boolean,
  buf: Float64Array,
): void {
  const { cos, sin, rev } = tables(n);
  for (let i = 0; i < n; i++) {
    const j = offset + rev[i]! * stride;
    buf[2 * i] = re[j]!, buf[2 * i + 1] = im[j]!;
  }
  const sgn = inverse ? 1 : -1;
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const step = n / size;
    for (let s = 0; s < n; s += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sgn * sin[k * step]!;
        const a = 2 * (s + k);
        const b = 2 * (s + k + half);
        const xr = buf[b]! * wr - buf[b + 1]! * wi;
        const xi = buf[b]! * wi + buf[b + 1]! * wr;
        buf[b] = buf[a]! - xr, buf[b + 1] = buf[a + 1]! - xi;
        buf[a] = buf[a]! + xr, buf[a + 1] = buf[a + 1]! + xi;
      }
    }
  }
  const scale = inverse ? 1 / n : 1;
  for (let i = 0; i < n; i++) {
    const j = offset + i * stride;
    re[j] = buf[2 * i]! * scale, im[j] = buf[2 * i + 1]! * scale;
  }
}

/**
 * FFT over every axis of an n-dimensional array (first axis fastest).
 *
 * @param re real parts
 * @param im imaginary parts
 * @param dims sizes (powers of two)
 * @param inverse inverse transform
 */
export function fftNd(re: Float64Array, im: Float64Array, dims: readonly number[], inverse: boolean): void {
  const total = dims.reduce((a, b) => a * b, 1);
  const buf = new Float64Array(2 * Math.max(...dims));
  let stride = 1;
  for (const n of dims) {
    const outer = total / (n * stride);
    for (let o = 0; o < outer; o++) {
      for (let s = 0; s < stride; s++) fft1d(re, im, n, o * n * stride + s, stride, inverse, buf);
    }
    stride *= n;
  }
}
