/**
 * deepmarker's statistics engine: pure numeric code, typed arrays in, readonly named results out.
 *
 * ## Missing-data and degenerate-input policy (one policy for the whole folder)
 * - **Invalid arguments throw** `RangeError` (or `TypeError`): unequal lengths, a group with too few
 *   subjects (n < 2 for t-tests, 0 cases or controls for ROC/AUC), a label that is not 0/1/NaN,
 *   NaN/±Inf inside a scalar-test sample, probabilities outside [0, 1], a bad option value.
 * - **A NaN label means "excluded"**: endpoints censored before the horizon are NaN
 *   ({@linkcode binaryEndpoint}) and every function taking labels skips those rows, so the
 *   exclusion is counted once, where it is made.
 * - **Matrix-wide routines never throw on one bad feature**: a feature with NaN/±Inf in a used row,
 *   or with zero variance, gets NaN statistics and is listed (`nonFinite`, `degenerate`);
 *   LASSO never lets it enter the model. Benjamini–Hochberg leaves NaN p-values out of the family.
 * - **A valid but degenerate statistic returns NaN** in that field (zero variance → NaN t; a single
 *   subject in a class → NaN DeLong variance); each doc comment names its cases.
 * - Randomness only from a {@linkcode Rng} passed in; same seed → same numbers, bit for bit.
 *
 * Feature matrices are column-major ({@linkcode FeatureMatrix}): `data[j * nRows + i]`.
 *
 * @example Screening then ROC on one feature
 * ```ts
 * import assert from "node:assert/strict";
 * import { benjaminiHochberg, featureMatrix, rocAuc, screenFeatures } from "./mod.ts";
 * const y = [0, 0, 0, 0, 1, 1, 1, 1];
 * const m = featureMatrix([[1, 2, 2, 3, 5, 4, 6, 7], [3, 1, 2, 3, 2, 1, 3, 2]]);
 * const s = screenFeatures(m, y);
 * const q = benjaminiHochberg(s.pValue);
 * assert.ok(q[0]! < 0.05 && q[1]! > 0.05);
 * assert.equal(rocAuc(y, m.data.subarray(0, 8)).estimate, 1);
 * ```
 *
 * @module
 */
export * from "./random.ts";
export * from "./feature_matrix.ts";
export * from "./binary_endpoint.ts";
export * from "./t_test.ts";
export * from "./mann_whitney.ts";
export * from "./screen_features.ts";
export * from "./benjamini_hochberg.ts";
export * from "./roc_curve.ts";
export * from "./roc_auc.ts";
export * from "./delong_test.ts";
export * from "./pearson.ts";
export * from "./spearman.ts";
export * from "./lasso_path.ts";
export * from "./lasso_cv.ts";
export * from "./lasso_fit.ts";
export * from "./lasso_top_features.ts";
export * from "./bootstrap.ts";
export * from "./inclusion_resamples.ts";
export * from "./bootstrap_inclusion.ts";
export * from "./logistic_regression.ts";
export * from "./select_columns.ts";
export * from "./classification_metrics.ts";
export * from "./evaluation_splits.ts";
export * from "./evaluation_partitions.ts";
export * from "./paired_difference.ts";
export * from "./evaluate_classifier.ts";
export * from "./kaplan_meier.ts";
export * from "./log_rank.ts";
export * from "./cox_regression.ts";
export * from "./harrell_c.ts";
