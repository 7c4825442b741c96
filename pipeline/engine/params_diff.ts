/**
 * Which leaves of two JSON values differ (for "stale because …" messages and `runs compare`).
 *
 * @module
 */
import { canonicalJson } from "./canonical_json.ts";

/** One differing leaf. */
export interface ParamChange {
  /** Dotted path (`""` for the root). */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Differences between two JSON-like values, by dotted path; arrays compare as whole values.
 *
 * @param before old value
 * @param after new value
 * @returns the changed leaves, sorted by path
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { paramsDiff } from "./params_diff.ts";
 * assert.deepEqual(paramsDiff({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 } }), [{ path: "b.c", before: 2, after: 3 }]);
 * ```
 */
export function paramsDiff(before: unknown, after: unknown): ParamChange[] {
  const out: ParamChange[] = [];
  function walk(a: unknown, b: unknown, path: string): void {
    const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (isObj(a) && isObj(b)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const k of [...keys].sort()) {
        walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) out.push({ path, before: a, after: b });
  }
  walk(before, after, "");
  return out;
}
