/**
 * Features shared by the run-length, size-zone, distance-zone and dependence matrices
 * (IBSI 1 §3.7–3.11): emphases, non-uniformities, percentage, variances, entropy, energy.
 *
 * @module
 */
import { type Counts, KEY } from "./_texture.ts";

/**
 * The 17 shared statistics of a matrix with grey level i (rows) and size/length/distance j
 * (columns), in IBSI order: short, long, low grey, high grey, short-low, short-high, long-low,
 * long-high, grey-level non-uniformity (+normalised), j non-uniformity (+normalised),
 * percentage (Ns / Nv), grey-level variance, j variance, entropy, energy.
 */
export function sizeMatrixStats(c: Counts): number[] {
  let ns = 0;
  for (const v of c.m.values()) ns += v;
  const gi = new Map<number, number>();
  const gj = new Map<number, number>();
  const s = new Array<number>(17).fill(0);
  let mui = 0;
  let muj = 0;
  for (const [key, v] of c.m) {
    const i = Math.floor(key / KEY);
    const j = key % KEY;
    gi.set(i, (gi.get(i) ?? 0) + v), gj.set(j, (gj.get(j) ?? 0) + v);
    const i2 = i * i;
    const j2 = j * j;
    s[0]! += v / j2, s[1]! += v * j2, s[2]! += v / i2, s[3]! += v * i2;
    s[4]! += v / (i2 * j2), s[5]! += v * i2 / j2, s[6]! += v * j2 / i2, s[7]! += v * i2 * j2;
    const p = v / ns;
    mui += i * p, muj += j * p;
    s[15]! -= p * Math.log2(p), s[16]! += p * p;
  }
  for (let k = 0; k < 8; k++) s[k]! /= ns;
  for (const v of gi.values()) s[8]! += v * v;
  for (const v of gj.values()) s[10]! += v * v;
  s[9] = s[8]! / (ns * ns), s[8]! /= ns;
  s[11] = s[10]! / (ns * ns), s[10]! /= ns;
  s[12] = ns / c.nv;
  for (const [key, v] of c.m) {
    const i = Math.floor(key / KEY);
    const j = key % KEY;
    const p = v / ns;
    s[13]! += (i - mui) ** 2 * p, s[14]! += (j - muj) ** 2 * p;
  }
  return s;
}

/** Name the statistics with a family's IBSI suffixes (16 or 17 names). */
export function nameStats(names: readonly string[], s: readonly number[]): Record<string, number> {
  return Object.fromEntries(names.map((n, k) => [n, s[k]!]));
}
