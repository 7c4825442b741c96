/**
 * Bottleneck units by name or index, placed in the bottleneck grid.
 *
 * @module
 */
import { featureName, type Modality, parseFeatureName } from "../model/feature_names.ts";
import { bottleneckShape, type UNetConfig } from "../model/unet3d.ts";

/** One bottleneck unit: its feature name, flattened index and position `(z, y, x, channel)`. */
export interface BottleneckUnit {
  /** Feature name, e.g. `C16704` (zero-padded to the model's feature count). */
  readonly name: string;
  /** Flattened index `((z * h + y) * w + x) * c + channel` (see `feature_names.ts`). */
  readonly index: number;
  readonly modality: Modality;
  readonly z: number;
  readonly y: number;
  readonly x: number;
  readonly channel: number;
}

/** Options of {@linkcode resolveUnit}. */
export interface ResolveUnitOptions {
  /** Modality of the model; a name of the other modality is refused, an index is named with it. @default "ct" */
  readonly modality?: Modality;
}

/**
 * Resolve a unit given by feature name (`"C16704"`) or flattened index against a U-Net geometry.
 *
 * @param config the U-Net architecture (its bottleneck shape sets the feature count)
 * @param unit a feature name or a flattened index
 * @param options the model's modality
 * @returns the unit with its name, index and bottleneck position
 * @throws {RangeError} when the index is outside the bottleneck or the name is of the other modality
 * @throws {SyntaxError} when the name is not a feature name
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultUNetConfig } from "../model/unet3d.ts";
 * import { resolveUnit } from "./resolve_unit.ts";
 * const u = resolveUnit(defaultUNetConfig, "C16704");
 * assert.deepEqual([u.z, u.y, u.x, u.channel], [1, 9, 9, 0]);
 * assert.equal(resolveUnit(defaultUNetConfig, 7, { modality: "pet" }).name, "P00007");
 * ```
 */
export function resolveUnit(
  config: UNetConfig,
  unit: string | number,
  options: ResolveUnitOptions = {},
): BottleneckUnit {
  const modality = options.modality ?? "ct";
  const [, h, w, c] = bottleneckShape(config);
  const count = bottleneckShape(config).reduce((a, b) => a * b, 1);
  let index = unit as number;
  if (typeof unit === "string") {
    const parsed = parseFeatureName(unit);
    if (parsed.modality !== modality) {
      throw new RangeError(`Cannot resolve unit "${unit}": the model's modality is "${modality}"`);
    }
    index = parsed.index;
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`Cannot resolve unit "${unit}": index must be an integer in [0, ${count})`);
  }
  const channel = index % c;
  const x = Math.floor(index / c) % w;
  const y = Math.floor(index / (c * w)) % h;
  const z = Math.floor(index / (c * w * h));
  return { name: featureName(modality, index, { count }), index, modality, z, y, x, channel };
}
