/**
 * One radiomics-settings validation problem in words (private to `pipeline/radiomics/`): the full key
 * path, the closest valid key for a misspelt one, the value given for a wrong one.
 *
 * @module
 */
import type { z } from "zod";
import { closestName } from "../engine/closest_name.ts";
import { schemaKeys } from "../engine/schema_keys.ts";

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * Describes one zod issue of the settings schema.
 *
 * @param issue the issue
 * @param raw the parsed YAML
 * @param schema the settings schema (for the valid keys)
 * @returns e.g. `unknown key "discretisation.texture.bin_sise" (did you mean "bin_size"?)`
 */
export function describeSettingsIssue(issue: z.core.$ZodIssue, raw: unknown, schema: unknown): string {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => {
      const near = closestName(k, schemaKeys(schema, path));
      return `unknown key "${[...path, k].join(".")}"${near ? ` (did you mean "${near}"?)` : ""}`;
    }).join("; ");
  }
  const key = path.length ? `"${path.join(".")}"` : "the settings";
  const value = valueAt(raw, issue.path);
  if (value === undefined) return `key ${key}: required, missing (${issue.message})`;
  return `key ${key}: ${issue.message}, got ${JSON.stringify(value)}`;
}
