/**
 * Export a U-Net (config + weights) to an ONNX model, built block by block to mirror `unet3d.ts`.
 *
 * ONNX is channel-first: the graph runs in NCDHW. Input `image` is `[N, 1, D, H, W]` and output
 * `segmentation` `[N, 1, D, H, W]` — the same memory as tfjs' `[N, D, H, W, 1]` since C = 1. Output
 * `bottleneck` is transposed back to `[N, d, h, w, C]`, channel-last, so both runtimes emit features
 * in the one flattening order documented in `feature_names.ts`. Weights are initializers; the
 * config travels as `metadata_props["deepmarker.unet_config"]`.
 *
 * @module
 */
import { ModelProto } from "./_onnx_proto.ts";
import { bottleneckShape, levelChannels, type NamedWeight, type UNetConfig } from "./unet3d.ts";

/** Options of {@linkcode exportOnnx}. */
export interface ExportOnnxOptions {
  /** ONNX opset of the default domain. @default 17 */
  readonly opset?: number;
  /** Recorded as `producer_version`. @default "unknown" */
  readonly producerVersion?: string;
}

type Attribute = Record<string, unknown>;
const ints = (name: string, v: readonly number[]): Attribute => ({ name, type: 7, ints: v });
const float = (name: string, v: number): Attribute => ({ name, type: 1, f: v });

/** tfjs kernel `[k, k, k, Cin, Cout]` → ONNX `[Cout, Cin, k, k, k]`. */
function toOnnxKernel(w: NamedWeight): Float32Array {
  const [k = 1, , , cin = 1, cout = 1] = w.shape;
  const out = new Float32Array(w.values.length);
  const k3 = k * k * k;
  for (let s = 0; s < k3; s++) {
    for (let i = 0; i < cin; i++) {
      for (let o = 0; o < cout; o++) out[(o * cin + i) * k3 + s] = w.values[(s * cin + i) * cout + o]!;
    }
  }
  return out;
}

function bytesOf(a: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Build the ONNX bytes of a U-Net.
 *
 * @param config the architecture the weights belong to
 * @param weights the weights (e.g. `model.getWeights()` or a checkpoint's best weights)
 * @param options opset and producer version
 * @returns a serialized `ModelProto` (write it as `model.onnx`)
 * @throws {RangeError} when a weight the config needs is missing
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unet3d } from "./unet3d.ts";
 * import { exportOnnx } from "./export_onnx.ts";
 * const config = { inputShape: [8, 8, 8], depth: 1, baseChannels: 2, bottleneckChannels: 4, norm: "none", dropout: 0 } as const;
 * const net = unet3d(config);
 * const bytes = exportOnnx(config, net.getWeights());
 * net.dispose();
 * assert.ok(bytes.length > 1000);
 * ```
 */
export function exportOnnx(
  config: UNetConfig,
  weights: readonly NamedWeight[],
  options: ExportOnnxOptions = {},
): Uint8Array {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const nodes: Record<string, unknown>[] = [];
  const initializer: Record<string, unknown>[] = [];
  let counter = 0;
  const node = (
    opType: string,
    input: string[],
    attribute: Attribute[] = [],
    output = `${opType.toLowerCase()}_${counter++}`,
  ) => {
    nodes.push({ opType, input, output: [output], name: output, attribute });
    return output;
  };
  const weight = (name: string, transform?: (w: NamedWeight) => Float32Array) => {
    const w = byName.get(name);
    if (w === undefined) throw new RangeError(`Cannot export U-Net to ONNX: weight "${name}" is missing`);
    const values = transform ? transform(w) : w.values;
    const dims = transform ? [w.shape[4]!, w.shape[3]!, w.shape[0]!, w.shape[1]!, w.shape[2]!] : [...w.shape];
    initializer.push({ name, dims, dataType: 1, rawData: bytesOf(values) });
    return name;
  };
  const int64s = (values: readonly number[]) => {
    const name = `const_${counter++}`;
    initializer.push({
      name,
      dims: [values.length],
      dataType: 7,
      rawData: bytesOf(BigInt64Array.from(values.map(BigInt))),
    });
    return name;
  };

  const conv = (x: string, name: string) => {
    const k = byName.get(`${name}.kernel`)?.shape[0] ?? 3;
    const p = (k - 1) / 2;
    return node("Conv", [x, weight(`${name}.kernel`, toOnnxKernel), weight(`${name}.bias`)], [
      ints("kernel_shape", [k, k, k]),
      ints("pads", [p, p, p, p, p, p]),
      ints("strides", [1, 1, 1]),
    ]);
  };
  const norm = (x: string, name: string) => {
    if (config.norm === "none") return x;
    const affine = [weight(`${name}.gamma`), weight(`${name}.beta`)];
    if (config.norm === "instance") return node("InstanceNormalization", [x, ...affine], [float("epsilon", 1e-5)]);
    const stats = [weight(`${name}.movingMean`), weight(`${name}.movingVariance`)];
    return node("BatchNormalization", [x, ...affine, ...stats], [float("epsilon", 1e-5)]);
  };
  const convBlock = (x: string, name: string) => {
    const a = node("Relu", [norm(conv(x, `${name}.conv1`), `${name}.norm1`)]);
    return node("Relu", [norm(conv(a, `${name}.conv2`), `${name}.norm2`)]);
  };
  const down = (x: string) => node("MaxPool", [x], [ints("kernel_shape", [2, 2, 2]), ints("strides", [2, 2, 2])]);
  const up = (x: string, c: number, d: number, h: number, w: number) => {
    const spread = node("Reshape", [x, int64s([0, c, d, 1, h, 1, w, 1])]); // [N, C, d, 1, h, 1, w, 1]
    const doubled = node("Expand", [spread, int64s([1, 1, 1, 2, 1, 2, 1, 2])]); // [N, C, d, 2, h, 2, w, 2]
    return node("Reshape", [doubled, int64s([0, c, 2 * d, 2 * h, 2 * w])]); // [N, C, 2d, 2h, 2w]
  };

  const [D, H, W] = config.inputShape;
  const skips: string[] = [];
  let x = "image";
  for (let i = 0; i < config.depth; i++) {
    x = convBlock(x, `enc${i}`); // [N, base·2^i, D/2^i, H/2^i, W/2^i]
    skips.push(x);
    x = down(x);
  }
  const bottleneck = convBlock(x, "bottleneck"); // [N, Cb, d, h, w]
  x = bottleneck;
  for (let i = config.depth - 1; i >= 0; i--) {
    const f = 2 ** (i + 1);
    const c = i === config.depth - 1 ? config.bottleneckChannels : levelChannels(config, i + 1);
    x = convBlock(
      node("Concat", [up(x, c, D / f, H / f, W / f), skips[i]!], [{ name: "axis", type: 2, i: 1 }]),
      `dec${i}`,
    );
  }
  node("Sigmoid", [conv(x, "head")], [], "segmentation"); // [N, 1, D, H, W]
  node("Transpose", [bottleneck], [ints("perm", [0, 2, 3, 4, 1])], "bottleneck"); // [N, d, h, w, Cb]

  const [d, h, w, cb] = bottleneckShape(config);
  const valueInfo = (name: string, dims: (number | string)[]) => ({
    name,
    type: {
      tensorType: {
        elemType: 1,
        shape: { dim: dims.map((v) => typeof v === "string" ? { dimParam: v } : { dimValue: v }) },
      },
    },
  });
  const model = {
    irVersion: 8,
    producerName: "deepmarker",
    producerVersion: options.producerVersion ?? "unknown",
    opsetImport: [{ domain: "", version: options.opset ?? 17 }],
    metadataProps: [{ key: "deepmarker.unet_config", value: JSON.stringify(config) }],
    graph: {
      name: "unet3d",
      node: nodes,
      initializer,
      input: [valueInfo("image", ["N", 1, D, H, W])],
      output: [valueInfo("segmentation", ["N", 1, D, H, W]), valueInfo("bottleneck", ["N", d, h, w, cb])],
    },
  };
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}
