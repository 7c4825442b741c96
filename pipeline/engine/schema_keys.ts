/**
 * The keys a zod object schema accepts at a path, for "unknown field (did you mean …?)" messages.
 *
 * @module
 */

function unwrap(schema: unknown): unknown {
  let s = schema as { def?: { innerType?: unknown; in?: unknown; type?: string } } | undefined;
  while (s?.def?.innerType || s?.def?.in) s = (s.def.innerType ?? s.def.in) as typeof s;
  return s;
}

/**
 * The keys of the object schema reached from `schema` along `path` (through optional, default and
 * pipe wrappers); empty when the path does not lead to an object schema.
 *
 * @param schema a zod schema (any object with zod's `def` / `shape` structure)
 * @param path keys from the root
 * @returns the accepted keys at that path
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { schemaKeys } from "./schema_keys.ts";
 * const schema = z.object({ train: z.object({ epochs: z.number(), lr: z.number() }).optional() });
 * assert.deepEqual(schemaKeys(schema, ["train"]), ["epochs", "lr"]);
 * assert.deepEqual(schemaKeys(schema, ["nope"]), []);
 * ```
 */
export function schemaKeys(schema: unknown, path: readonly string[]): string[] {
  let shape: unknown = schema;
  for (const k of path) {
    const s = (unwrap(shape) as { shape?: Record<string, unknown> } | undefined)?.shape;
    shape = s?.[k];
  }
  const s = (unwrap(shape) as { shape?: Record<string, unknown> } | undefined)?.shape;
  return s ? Object.keys(s) : [];
}
