/**
 * Inference of an exported U-Net with onnxruntime-node: CPU execution provider by default, the
 * WebGPU EP only when a real adapter exists (see `real_webgpu_adapter.ts`).
 *
 * @module
 */
import * as ort from "onnxruntime-node";
import { ModelProto } from "./_onnx_proto.ts";
import type { UNetConfig } from "./unet3d.ts";
import { bottleneckShape } from "./unet3d.ts";
import { realWebGpuAdapter } from "./real_webgpu_adapter.ts";

/** Options of {@linkcode ortSession}. */
export interface OrtSessionOptions {
  /** `"cpu"`, `"webgpu"` (fails if unusable), or `"auto"` (WebGPU on a real adapter, else CPU). @default "cpu" */
  readonly executionProvider?: "cpu" | "webgpu" | "auto";
  /** Intra-op threads of the CPU EP. @default 0 (onnxruntime decides) */
  readonly threads?: number;
}

/** Outputs of one batch, flat; `segmentation` is `[N, D, H, W]`, `bottleneck` `[N, d, h, w, C]`. */
export interface OrtOutputs {
  readonly segmentation: Float32Array;
  readonly bottleneck: Float32Array;
}

/** A loaded U-Net. */
export interface OrtUNetSession {
  /** The architecture stored in the model. */
  readonly config: UNetConfig;
  /** Execution provider in use. */
  readonly provider: "cpu" | "webgpu";
  /** Why that provider. */
  readonly reason: string;
  /** Run `n` images laid end to end (`[N, D, H, W]`, x fastest). */
  run(images: Float32Array, n: number): Promise<OrtOutputs>;
  /** Free the native session. */
  release(): Promise<void>;
}

function readConfig(bytes: Uint8Array): UNetConfig {
  const model = ModelProto.toObject(ModelProto.decode(bytes)) as { metadataProps?: { key: string; value: string }[] };
  const entry = model.metadataProps?.find((p) => p.key === "deepmarker.unet_config");
  if (entry === undefined) {
    throw new SyntaxError('Cannot load ONNX U-Net: metadata "deepmarker.unet_config" is missing');
  }
  return JSON.parse(entry.value) as UNetConfig;
}

/**
 * Load an ONNX U-Net made by `exportOnnx` into onnxruntime-node.
 *
 * @param model the `.onnx` bytes, or a path to them
 * @param options execution provider and threads
 * @returns a session that runs batches
 * @throws {SyntaxError} when the model lacks deepmarker's config metadata
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "./unet3d.ts";
 * import { exportOnnx } from "./export_onnx.ts";
 * import { ortSession } from "./ort_session.ts";
 * const config = { inputShape: [4, 4, 4], depth: 1, baseChannels: 2, bottleneckChannels: 3, norm: "none", dropout: 0 } as const;
 * const net = unet3d(config);
 * const session = await ortSession(exportOnnx(config, net.getWeights()));
 * net.dispose();
 * const out = await session.run(new Float32Array(2 * 64), 2);
 * assert.equal(out.bottleneck.length, 2 * 2 * 2 * 2 * 3);
 * await session.release();
 * ```
 */
export async function ortSession(model: Uint8Array | string, options: OrtSessionOptions = {}): Promise<OrtUNetSession> {
  const bytes = typeof model === "string" ? await Deno.readFile(model) : model;
  const config = readConfig(bytes);
  const wanted = options.executionProvider ?? "cpu";
  let provider: "cpu" | "webgpu" = "cpu";
  let reason = "CPU execution provider requested";
  if (wanted !== "cpu") {
    const probe = await realWebGpuAdapter();
    if (probe.ok) [provider, reason] = ["webgpu", probe.reason];
    else if (wanted === "webgpu") throw new Error(`Cannot use the ONNX WebGPU execution provider: ${probe.reason}`);
    else reason = `CPU fallback: ${probe.reason}`;
  }
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: "all",
  };
  if (options.threads) sessionOptions.intraOpNumThreads = options.threads;
  const session = await ort.InferenceSession.create(bytes, sessionOptions);
  const [D, H, W] = config.inputShape;
  const bShape = bottleneckShape(config);
  return {
    config,
    provider,
    reason,
    async run(images, n) {
      if (images.length !== n * D * H * W) {
        throw new RangeError(`Cannot run ONNX U-Net: got ${images.length} voxels for ${n} images of ${D}×${H}×${W}`);
      }
      const input = new ort.Tensor("float32", images, [n, 1, D, H, W]);
      const out = await session.run({ image: input });
      const seg = out.segmentation!;
      const bott = out.bottleneck!;
      const result = { segmentation: seg.data as Float32Array, bottleneck: bott.data as Float32Array };
      if (result.bottleneck.length !== n * bShape.reduce((a, b) => a * b, 1)) {
        throw new Error("ONNX U-Net returned a bottleneck of the wrong size");
      }
      return result;
    },
    release: () => session.release(),
  };
}
