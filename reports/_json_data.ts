/**
 * Readers of the JSON files of a run folder (`run.json`, `summary.json`, `volumes.json`) into the
 * typed shapes of `report_data.ts`. Private to `reports/`: no zod here (C7), just checks that name
 * the file and field that is wrong.
 *
 * @module
 */

import type { EndpointCounts, RunManifest, StageTiming, StatsSummary } from "./report_data.ts";

type Json = Record<string, unknown>;

function fail(file: string, field: string, want: string, got: unknown): never {
  throw new SyntaxError(
    `Cannot read "${file}": field "${field}" must be ${want}: current value is ${JSON.stringify(got)}`,
  );
}

/** Typed field access on a parsed JSON object. */
export function fields(obj: unknown, file: string, prefix = "") {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) fail(file, prefix || "(root)", "an object", obj);
  const o = obj as Json;
  return {
    obj: o,
    str(key: string, fallback?: string): string {
      const v = o[key] ?? fallback;
      return typeof v === "string" ? v : fail(file, prefix + key, "a string", v);
    },
    num(key: string, fallback?: number): number {
      const v = o[key] ?? fallback;
      return typeof v === "number" ? v : fail(file, prefix + key, "a number", v);
    },
    bool(key: string, fallback?: boolean): boolean {
      const v = o[key] ?? fallback;
      return typeof v === "boolean" ? v : fail(file, prefix + key, "true or false", v);
    },
    arr(key: string, fallback?: unknown[]): unknown[] {
      const v = o[key] ?? fallback;
      return Array.isArray(v) ? v : fail(file, prefix + key, "an array", v);
    },
  };
}

/** Parse `run.json` (snake_case keys). */
export function parseManifest(obj: unknown, file: string): RunManifest {
  const f = fields(obj, file);
  const stages: StageTiming[] = f.arr("stages", []).map((s, i) => {
    const g = fields(s, file, `stages[${i}].`);
    return { stage: g.str("stage"), seconds: g.num("seconds"), cached: g.bool("cached", false) };
  });
  const warnings = f.arr("warnings", []).map((w, i) =>
    typeof w === "string" ? w : fail(file, `warnings[${i}]`, "a string", w)
  );
  return {
    runId: f.str("run_id"),
    experiment: f.str("experiment"),
    variant: f.str("variant", ""),
    spec: f.str("spec", ""),
    specHash: f.str("spec_hash"),
    codeVersion: f.str("code_version"),
    backend: f.str("backend"),
    seed: f.num("seed"),
    stages,
    warnings,
  };
}

function parseCounts(obj: unknown, file: string, name: string, prefix: string): EndpointCounts {
  const g = fields(obj, file, prefix);
  const exclusions = g.arr("exclusions", []).map((e, j) => {
    const h = fields(e, file, `${prefix}exclusions[${j}].`);
    return { reason: h.str("reason"), count: h.num("count") };
  });
  return { endpoint: g.str("endpoint", name), nEvent: g.num("n_event"), nNoEvent: g.num("n_no_event"), exclusions };
}

/**
 * Parse `summary.json`: `{settings, seed, endpoints}` where `endpoints` is an array of
 * `{endpoint, n_event, n_no_event, exclusions: [{reason, count}]}` or an object keyed by endpoint.
 */
export function parseSummary(obj: unknown, file: string): StatsSummary {
  const f = fields(obj, file);
  const raw = f.obj["endpoints"];
  const endpoints = Array.isArray(raw)
    ? raw.map((e, i) => parseCounts(e, file, "", `endpoints[${i}].`))
    : Object.entries(fields(raw, file, "endpoints").obj).map(([k, v]) => parseCounts(v, file, k, `endpoints.${k}.`));
  const settings = f.obj["settings"] ?? {};
  return { settings: fields(settings, file, "settings").obj, seed: f.num("seed"), endpoints };
}
