/**
 * The feature matrix every screening and selection routine takes: patients × features, stored
 * **column-major** (feature-major) in one `Float64Array`, so value (patient `i`, feature `j`) is
 * `data[j * nRows + i]`.
 *
 * Why column-major: at the paper's scale (96 × 110,592) every hot loop walks one feature over all
 * patients — a t-test per feature, a coordinate-descent update, the gradient pass of a LASSO
 * strong-rule check — so each feature is one contiguous 96-double run (768 bytes), and a
 * resample is expressed as per-row weights instead of a copied matrix.
 *
 * @module
 */

/** Patients × features, column-major: `data[j * nRows + i]` is patient `i`, feature `j`. */
export interface FeatureMatrix {
  /** Number of rows (patients). */
  readonly nRows: number;
  /** Number of columns (features). */
  readonly nCols: number;
  /** `nRows * nCols` values, feature-major. */
  readonly data: Float64Array;
}

/** Options for {@linkcode featureMatrix}. */
export interface FeatureMatrixOptions {
  /**
   * Layout of the input: `"columns"` when `values` is an array of feature columns (each of length
   * nRows), `"rows"` when it is an array of patient rows.
   * @default {"columns"}
   */
  readonly layout?: "columns" | "rows";
}

/**
 * Build a {@linkcode FeatureMatrix} from nested arrays (copies into one contiguous buffer).
 *
 * @param values feature columns (default) or patient rows, all of one length
 * @param options the input layout
 * @returns the column-major matrix
 * @throws {RangeError} when the inner arrays have different lengths or there is no row/column
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix } from "./feature_matrix.ts";
 * const m = featureMatrix([[1, 2], [3, 4], [5, 6]], { layout: "rows" });
 * assert.equal(m.nRows, 3);
 * assert.equal(m.nCols, 2);
 * assert.deepEqual([...m.data], [1, 3, 5, 2, 4, 6]);
 * ```
 */
export function featureMatrix(
  values: readonly ArrayLike<number>[],
  options: FeatureMatrixOptions = {},
): FeatureMatrix {
  const byRows = options.layout === "rows";
  const outer = values.length;
  const inner = outer === 0 ? 0 : values[0]!.length;
  if (outer === 0 || inner === 0) throw new RangeError("Cannot build a feature matrix: it has no rows or no columns");
  const nRows = byRows ? outer : inner;
  const nCols = byRows ? inner : outer;
  const data = new Float64Array(nRows * nCols);
  for (let a = 0; a < outer; a++) {
    const v = values[a]!;
    if (v.length !== inner) {
      throw new RangeError(
        `Cannot build a feature matrix: ${byRows ? "row" : "column"} ${a} has length ${v.length}, expected ${inner}`,
      );
    }
    for (let b = 0; b < inner; b++) {
      if (byRows) data[b * nRows + a] = v[b]!;
      else data[a * nRows + b] = v[b]!;
    }
  }
  return { nRows, nCols, data };
}
