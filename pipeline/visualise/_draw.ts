/**
 * A tiny RGB raster for montages: filled rectangles and numbers in a 3×5 pixel font.
 *
 * @module
 */

/** 3×5 glyphs, rows top to bottom, 3 bits per row (MSB left). */
const GLYPHS: Record<string, readonly number[]> = {
  "0": [7, 5, 5, 5, 7],
  "1": [2, 6, 2, 2, 7],
  "2": [7, 1, 7, 4, 7],
  "3": [7, 1, 7, 1, 7],
  "4": [5, 5, 7, 1, 1],
  "5": [7, 4, 7, 1, 7],
  "6": [7, 4, 7, 5, 7],
  "7": [7, 1, 1, 1, 1],
  "8": [7, 5, 7, 5, 7],
  "9": [7, 5, 7, 1, 7],
  ".": [0, 0, 0, 0, 2],
  "-": [0, 0, 7, 0, 0],
  "+": [0, 2, 7, 2, 0],
  "e": [0, 7, 7, 4, 7],
  " ": [0, 0, 0, 0, 0],
};

/** An RGB image, 3 bytes per pixel, row-major from the top-left corner. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A raster filled with one colour. */
export function raster(width: number, height: number, rgb: readonly [number, number, number]): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) data.set(rgb, 3 * p);
  return { width, height, data };
}

/** Fill a rectangle (clipped to the raster). */
export function fillRect(
  r: Raster,
  x0: number,
  y0: number,
  w: number,
  h: number,
  rgb: readonly [number, number, number],
): void {
  for (let y = Math.max(0, y0); y < Math.min(r.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(r.width, x0 + w); x++) r.data.set(rgb, 3 * (y * r.width + x));
  }
}

/** Width in pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale: number): number {
  return text.length * 4 * scale - scale;
}

/** Draw `text` (digits, `.`, `-`, `+`, `e`, space) with its top-left corner at (x, y). */
export function drawText(
  r: Raster,
  text: string,
  x: number,
  y: number,
  scale: number,
  rgb: readonly [number, number, number],
): void {
  [...text].forEach((ch, n) => {
    const rows = GLYPHS[ch] ?? GLYPHS[" "]!;
    rows.forEach((bits, row) => {
      for (let col = 0; col < 3; col++) {
        if (bits & (4 >> col)) fillRect(r, x + (4 * n + col) * scale, y + row * scale, scale, scale, rgb);
      }
    });
  });
}

/** A number in at most 3 significant digits, in the glyphs the font has. */
export function formatTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  const s = a >= 1e-2 && a < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
  return s.replace("e+", "e");
}
