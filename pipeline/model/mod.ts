/**
 * The deep model of deepmarker: a 3D U-Net written with tfjs ops (`unet3d`), trained on contours
 * (`trainUNet`) on the best tfjs backend (`selectBackend`), exported to ONNX (`exportOnnx`) and run by
 * onnxruntime (`ortSession`, `extractFeatures`) to produce bottleneck features, stored in DuckDB
 * (`writeFeatures`, `readFeatures`) under names from `featureName`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportOnnx, extractFeatures, featureName, ortSession, unet3d } from "./mod.ts";
 * const config = { inputShape: [4, 4, 4], depth: 1, baseChannels: 2, bottleneckChannels: 2, norm: "instance", dropout: 0 } as const;
 * const net = unet3d(config, { seed: 1 });
 * const session = await ortSession(exportOnnx(config, net.getWeights()));
 * net.dispose();
 * const features = await extractFeatures(session, [{ id: "P1", image: new Float32Array(64), mask: new Uint8Array(64) }]);
 * assert.equal(featureName("ct", features.nFeatures - 1, { count: features.nFeatures }), "C15");
 * await session.release();
 * ```
 *
 * @module
 */
export * from "./backends.ts";
export * from "./cnn3d.ts";
export * from "./export_onnx.ts";
export * from "./extract_features.ts";
export * from "./feature_names.ts";
export * from "./lr_at.ts";
export * from "./normalise_intensity.ts";
export * from "./ort_session.ts";
export * from "./read_features.ts";
export * from "./real_webgpu_adapter.ts";
export * from "./train.ts";
export * from "./train_cnn.ts";
export * from "./unet3d.ts";
export * from "./write_features.ts";
