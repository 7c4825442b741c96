/**
 * Every setting does something: each leaf of the spec schema, changed to another valid value, changes
 * at least one stage's params (the slice that enters its key), the stage set, the files that enter a
 * key, or the rendered report's options. A leaf that does none of these is a setting that should not
 * exist; a new leaf this walk cannot change fails the test until it is given a meaning.
 */
import assert from "node:assert/strict";
import { SpecSchema } from "../../../pipeline/study/spec_schema.ts";
import { stagesFor } from "../../../pipeline/study/stages/registry.ts";
import { reportOptions } from "../../../pipeline/study/run_report.ts";

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;

/** Leaves that name or document the spec rather than configure a computation (and why). */
const NOT_SETTINGS: Record<string, string> = {
  experiment: "names the runs and the report folder (tracking), not a computation",
  description: "free text for readers of the spec file; the report shows the spec text",
  "matrix.variants": "expanded into variants before a variant's spec exists",
  "matrix.grid": "expanded into variants before a variant's spec exists",
  resources: "where and with what a stage runs (cores, memory, GPUs, wall time, partition), never what it computes",
};

function unwrap(schema: unknown): Def {
  let d = defOf(schema);
  while (d.type === "default" || d.type === "optional") d = defOf(d.innerType);
  return d;
}

/** Every leaf path of the schema, with its unwrapped definition. */
function leaves(schema: unknown, path: string[] = []): Array<{ path: string[]; def: Def }> {
  const d = unwrap(schema);
  if (d.type !== "object") return [{ path, def: d }];
  return Object.entries(d.shape as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...path, k]));
}

function enumValues(d: Def): unknown[] {
  if (d.type === "enum") return Object.values(d.entries as Record<string, unknown>);
  if (d.type === "array") return enumValues(unwrap(d.element));
  return [];
}

function candidates(d: Def, v: unknown): unknown[] {
  const out: unknown[] = [];
  if (typeof v === "number") out.push(v + 1, v * 2, v / 2, v - 1, 0.25);
  if (v === undefined) out.push(77, "A study");
  if (typeof v === "boolean") out.push(!v);
  out.push(...enumValues(d).map((e) => (d.type === "array" ? [e] : e)));
  if (Array.isArray(v)) {
    out.push(v.slice(0, 1), v.map((x) => (typeof x === "number" ? x * 2 : x)));
    out.push(v.map((x) => (typeof x === "number" ? x + 1 : x)), ["C0001"]);
  }
  if (typeof v === "string") out.push(`${v}-other`, "selected");
  out.push("cv_min", { fixed: 0.1 }, { nonzero: 5 }, ["C0001"]);
  return out;
}

const getAt = (o: unknown, p: string[]) => p.reduce<unknown>((x, k) => (x as Record<string, unknown>)?.[k], o);
function setAt(o: Record<string, unknown>, p: string[], v: unknown): Record<string, unknown> {
  const copy = structuredClone(o);
  let node = copy;
  for (const k of p.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[p.at(-1)!] = v;
  return copy;
}

/** What a spec does: the stages with their inputs, params and key files, and the report's options. */
function effect(spec: ReturnType<typeof SpecSchema.parse>): string {
  const stages = stagesFor(spec).map((s) => [s.name, s.inputs, s.params(spec), s.files?.(spec) ?? []]);
  return JSON.stringify({ stages, report: reportOptions(spec) });
}

/** A base spec in which the leaf is live (toy leaves need the toy pipeline, `skip_bad` a cohort folder). */
function baseFor(path: string[]): Record<string, unknown> {
  const base: Record<string, unknown> = { experiment: "walk", seed: 1 };
  if (path[0] === "toy") base.pipeline = "toy";
  if (path[0] === "cohort" && path[1] !== "synthetic") base.cohort = { dir: "/tmp/cohort" };
  // the CNN trains inside k-fold splits only: its settings are walked on a spec that has one
  // (enabled, unless the walk is changing `enabled` itself)
  if (path[0] === "cnn") base.stats = { evaluation: { protocols: ["kfold-nested"] } };
  if (path[0] === "cnn" && path[1] !== "enabled") base.cnn = { enabled: true };
  return base;
}

Deno.test("every leaf of the spec schema changes a stage's params, the stage set or the report", () => {
  const idle: string[] = [];
  const unchangeable: string[] = [];
  const all = leaves(SpecSchema);
  for (const { path, def } of all) {
    const name = path.join(".");
    if (name in NOT_SETTINGS || path[0]! in NOT_SETTINGS) continue;
    const raw = baseFor(path);
    const base = SpecSchema.parse(raw);
    const current = getAt(base, path);
    let changed: ReturnType<typeof SpecSchema.parse> | undefined;
    for (const c of candidates(def, current)) {
      if (JSON.stringify(c) === JSON.stringify(current)) continue;
      const r = SpecSchema.safeParse(setAt(structuredClone(base) as Record<string, unknown>, path, c));
      if (r.success && JSON.stringify(getAt(r.data, path)) !== JSON.stringify(current)) {
        changed = r.data;
        break;
      }
    }
    if (!changed) unchangeable.push(name);
    else if (effect(changed) === effect(base)) idle.push(name);
  }
  assert.deepEqual(unchangeable, [], "leaves the walk could not change (teach candidates() a value)");
  assert.deepEqual(idle, [], "settings that change nothing (give them a meaning or remove them)");
  assert.ok(all.length > 50, `walked ${all.length} leaves`);
});
