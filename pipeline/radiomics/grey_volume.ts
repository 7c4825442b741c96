/**
 * The input of the texture families: grey levels on a grid.
 *
 * @module
 */

/** Grey levels on a grid: 0 outside the ROI, 1…Ng inside. */
export interface GreyVolume {
  readonly levels: Int32Array;
  readonly dims: readonly [number, number, number];
  /** Number of grey levels (largest level). */
  readonly ng: number;
  /** Mask whose edge the distance-zone matrix measures from (IBSI: morphological mask). @default levels > 0 */
  readonly edgeMask?: Uint8Array;
}
