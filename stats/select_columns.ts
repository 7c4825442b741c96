/** Column subset of a feature matrix. @module */
import type { FeatureMatrix } from "./feature_matrix.ts";

/**
 * Copy the given feature columns into a new, smaller {@linkcode FeatureMatrix} (e.g. the top-k
 * LASSO features for a logistic model).
 *
 * @param matrix patients × features
 * @param columns feature indices, in the order wanted
 * @returns patients × columns.length
 * @throws {RangeError} when an index is out of range
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { featureMatrix, selectColumns } from "./mod.ts";
 * const m = selectColumns(featureMatrix([[1, 2], [3, 4], [5, 6]]), [2, 0]);
 * assert.deepEqual([...m.data], [5, 6, 1, 2]);
 * ```
 */
export function selectColumns(matrix: FeatureMatrix, columns: ArrayLike<number>): FeatureMatrix {
  const n = matrix.nRows;
  const data = new Float64Array(n * columns.length);
  for (let c = 0; c < columns.length; c++) {
    const j = columns[c]!;
    if (!(Number.isInteger(j) && j >= 0 && j < matrix.nCols)) {
      throw new RangeError(`Cannot select column "${j}": the matrix has ${matrix.nCols} columns`);
    }
    data.set(matrix.data.subarray(j * n, (j + 1) * n), c * n);
  }
  return { nRows: n, nCols: columns.length, data };
}
