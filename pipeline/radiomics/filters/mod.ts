/**
 * IBSI-2 convolutional filters: mean, Laplacian of Gaussian, Laws kernels and energy maps,
 * Gabor, separable wavelets (Haar, Daubechies, Coiflet; undecimated, any level and path) and the
 * Simoncelli wavelet; 2D or 3D, four paddings, rotation invariance over right-angle rotations.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { filterResponse, FiltersSchema, toFilterSpecs } from "./mod.ts";
 * const [f] = toFilterSpecs(FiltersSchema.parse({ type: "log", sigma_mm: 1, padding: "nearest" }));
 * const g = { data: new Float64Array(64).fill(1), dims: [4, 4, 4] as const };
 * assert.ok(Math.abs(filterResponse(g, [1, 1, 1], f!).data[0]!) < 1e-3);
 * ```
 *
 * @module
 */
export * from "./filter_response.ts";
export * from "./filter_spec.ts";
export * from "./gabor_filter.ts";
export * from "./laws_filter.ts";
export * from "./log_filter.ts";
export * from "./mean_filter.ts";
export * from "./simoncelli_filter.ts";
export * from "./wavelet_filter.ts";
