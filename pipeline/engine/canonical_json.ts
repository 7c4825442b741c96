/**
 * Canonical JSON: object keys sorted, `undefined` fields dropped, no whitespace. Two values
 * that mean the same thing serialise to the same text, so their hashes agree.
 *
 * @module
 */

/**
 * Serialise a JSON-like value canonically.
 *
 * @param value plain data (objects, arrays, strings, finite numbers, booleans, null)
 * @returns the canonical text
 * @throws {TypeError} on non-finite numbers, functions, symbols, bigints or cycles
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalJson } from "./canonical_json.ts";
 * assert.equal(canonicalJson({ b: 1, a: [true, null], c: undefined }), '{"a":[true,null],"b":1}');
 * ```
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  function walk(v: unknown, path: string): string {
    if (v === null) return "null";
    switch (typeof v) {
      case "string":
      case "boolean":
        return JSON.stringify(v);
      case "number":
        if (!Number.isFinite(v)) throw new TypeError(`Cannot serialise "${path}": ${v} is not a finite number`);
        return JSON.stringify(v);
      case "object": {
        if (seen.has(v)) throw new TypeError(`Cannot serialise "${path}": the value contains a cycle`);
        seen.add(v);
        let out: string;
        if (Array.isArray(v)) {
          out = `[${v.map((x, i) => walk(x === undefined ? null : x, `${path}[${i}]`)).join(",")}]`;
        } else {
          const entries = Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          out = `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${walk(x, path ? `${path}.${k}` : k)}`).join(",")}}`;
        }
        seen.delete(v);
        return out;
      }
      default:
        throw new TypeError(`Cannot serialise "${path}": values of type ${typeof v} are not JSON`);
    }
  }
  return walk(value, "");
}
