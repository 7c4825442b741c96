/**
 * The fixed heat colour scale of saliency maps (black-red-yellow-white, like matplotlib "hot" but
 * perceptually smoother), private to `reports/`: the PNG slices and the legend use the same stops.
 *
 * @module
 */

/** Colour stops: position in [0, 1] and sRGB. */
export const HEAT_STOPS: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 0, 4],
  [0.25, 120, 28, 109],
  [0.5, 222, 73, 60],
  [0.75, 251, 166, 18],
  [1, 252, 255, 164],
];

/** sRGB of t ∈ [0, 1] on the heat scale (clamped). */
export function heatColor(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isNaN(t) ? 0 : t));
  for (let s = 1; s < HEAT_STOPS.length; s++) {
    const [p1, r1, g1, b1] = HEAT_STOPS[s]!;
    const [p0, r0, g0, b0] = HEAT_STOPS[s - 1]!;
    if (x <= p1) {
      const f = (x - p0) / (p1 - p0);
      return [Math.round(r0 + f * (r1 - r0)), Math.round(g0 + f * (g1 - g0)), Math.round(b0 + f * (b1 - b0))];
    }
  }
  return [252, 255, 164];
}
