/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna, 2018) seeded through
 * SplitMix32 from a numeric seed and an optional label. Every random draw in deepmarker
 * flows from one of these, so the same spec seed gives the same numbers, bit for bit.
 *
 * @module
 */

/** A seeded generator. Not cryptographic. */
export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Uniform integer in [0, n), unbiased (rejection sampling). */
  int(n: number): number;
  /** Standard normal deviate (Marsaglia polar method; the spare is kept). */
  normal(): number;
  /** An independent generator derived from this one's seed and a label (does not advance this one). */
  fork(label: string): Rng;
  /** The seed it was created with. */
  readonly seed: number;
  /** Its stream label: `createRng(rng.seed, rng.label)` restarts this stream (e.g. in a worker). */
  readonly label: string;
}

function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over the UTF-16 code units of a label, finalised with murmur3's mixer. */
function hashLabel(label: string, h0: number): number {
  let h = (h0 ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  }
  return mix32(h);
}

function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) >>> 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * Create a seeded generator.
 *
 * @param seed any finite number (integers up to 2^53 are distinguished)
 * @param label optional stream label: the same seed with different labels gives independent streams
 * @returns a generator
 * @throws {RangeError} when the seed is not finite
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "./random.ts";
 * const a = createRng(42, "bootstrap");
 * const b = createRng(42, "bootstrap");
 * assert.equal(a.uniform(), b.uniform());
 * assert.notEqual(createRng(42, "x").uniform(), createRng(42, "y").uniform());
 * ```
 */
export function createRng(seed: number, label = ""): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`Cannot seed a generator: seed must be finite, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const state = { s: hashLabel(label, mix32(lo ^ mix32(hi + 0x632be5ab))) };
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) s[i] = splitMix32(state);
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  let spare: number | undefined;

  function uint32(): number {
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s[2] = s2 ^ s0;
    s[3] = s3 ^ s1;
    s[1] = s1 ^ s[2]!;
    s[0] = s0 ^ s[3]!;
    s[2] = s[2]! ^ t;
    s[3] = (s[3]! << 11) | (s[3]! >>> 21);
    return result;
  }
  function uniform(): number {
    const a = uint32() >>> 5; // 27 bits
    const b = uint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }
  function int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new RangeError(`Cannot draw an integer below ${n}: n must be an integer in [1, 2^32]`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x = uint32();
    while (x >= limit) x = uint32();
    return x % n;
  }
  function normal(): number {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    let u = 0;
    let v = 0;
    let q = 0;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt(-2 * Math.log(q) / q);
    spare = v * f;
    return u * f;
  }
  return {
    uniform,
    uint32,
    int,
    normal,
    fork: (child: string) => createRng(seed, label === "" ? child : `${label}/${child}`),
    seed,
    label,
  };
}
