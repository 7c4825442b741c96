/**
 * In-place complex FFT over row-major arrays (first index fastest): radix-2 for powers of two,
 * Bluestein's chirp-z transform (through radix-2 transforms) for any other length.
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

const CHIRPS = new Map<
  number,
  { m: number; cos: Float64Array; sin: Float64Array; bre: Float64Array; bim: Float64Array }
>();

function chirp(n: number) {
  let c = CHIRPS.get(n);
  if (c) return c;
  const m = nextPow2(2 * n - 1);
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = (Math.PI * ((k * k) % (2 * n))) / n;
    cos[k] = Math.cos(a), sin[k] = Math.sin(a);
  }
  const bre = new Float64Array(m);
  const bim = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    bre[k] = cos[k]!, bim[k] = sin[k]!;
    if (k > 0) bre[m - k] = cos[k]!, bim[m - k] = sin[k]!;
  }
  fft1d(bre, bim, m, 0, 1, false, new Float64Array(2 * m));
  c = { m, cos, sin, bre, bim };
  CHIRPS.set(n, c);
  return c;
}

/**
 * DFT of any length `n` (Bluestein's algorithm when `n` is not a power of two).
 *
 * @param re real parts
 * @param im imaginary parts
 * @param n length
 * @param offset first element
 * @param stride element spacing
 * @param inverse inverse transform (scaled by 1/n)
 */
export function dft1d(
  re: Float64Array,
  im: Float64Array,
  n: number,
  offset: number,
  stride: number,
  inverse: boolean,
): void {
  if (nextPow2(n) === n) {
    fft1d(re, im, n, offset, stride, inverse, new Float64Array(2 * n));
    return;
  }
  const { m, cos, sin, bre, bim } = chirp(n);
  const sgn = inverse ? -1 : 1; // the inverse is the forward transform of the conjugate, conjugated
  const are = new Float64Array(m);
  const aim = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    const xr = re[offset + k * stride]!;
    const xi = sgn * im[offset + k * stride]!;
    are[k] = xr * cos[k]! + xi * sin[k]!, aim[k] = xi * cos[k]! - xr * sin[k]!;
  }
  const buf = new Float64Array(2 * m);
  fft1d(are, aim, m, 0, 1, false, buf);
  for (let k = 0; k < m; k++) {
    const r = are[k]! * bre[k]! - aim[k]! * bim[k]!;
    aim[k] = are[k]! * bim[k]! + aim[k]! * bre[k]!, are[k] = r;
  }
  fft1d(are, aim, m, 0, 1, true, buf);
  const scale = inverse ? 1 / n : 1;
  for (let k = 0; k < n; k++) {
    const yr = are[k]! * cos[k]! + aim[k]! * sin[k]!;
    const yi = aim[k]! * cos[k]! - are[k]! * sin[k]!;
    re[offset + k * stride] = yr * scale, im[offset + k * stride] = sgn * yi * scale;
  }
}

/**
 * FFT over every axis of an n-dimensional array (first axis fastest).
 *
 * @param re real parts
 * @param im imaginary parts
 * @param dims sizes (any; powers of two are fastest)
 * @param inverse inverse transform
 */
export function fftNd(re: Float64Array, im: Float64Array, dims: readonly number[], inverse: boolean): void {
  const total = dims.reduce((a, b) => a * b, 1);
  const buf = new Float64Array(2 * Math.max(...dims));
  let stride = 1;
  for (const n of dims) {
    const outer = total / (n * stride);
    const pow2 = nextPow2(n) === n;
    for (let o = 0; o < outer; o++) {
      for (let s = 0; s < stride; s++) {
        if (pow2) fft1d(re, im, n, o * n * stride + s, stride, inverse, buf);
        else dft1d(re, im, n, o * n * stride + s, stride, inverse);
      }
    }
    stride *= n;
  }
}
