/**
 * `runs compare`: the parameters and metrics that differ between two tracked runs.
 *
 * @module
 */
import { DeepmarkerError } from "../errors.ts";
import { type ParamChange, paramsDiff } from "./params_diff.ts";
import type { Tracker } from "./tracking.ts";

/** A metric whose value differs (or exists in only one run). */
export interface MetricChange {
  readonly name: string;
  readonly a: number | null;
  readonly b: number | null;
}

/** What differs between runs `a` and `b`. */
export interface RunComparison {
  readonly a: string;
  readonly b: string;
  readonly params: readonly ParamChange[];
  readonly metrics: readonly MetricChange[];
  /** Stages whose cache key differs. */
  readonly stages: readonly string[];
}

/**
 * Compare two runs.
 *
 * @param tracker tracking database
 * @param ids the two run ids (unique prefixes allowed)
 * @returns the differences
 * @throws {DeepmarkerError} when a run id is unknown or ambiguous
 */
export async function compareRuns(tracker: Tracker, ids: readonly [string, string]): Promise<RunComparison> {
  const [a, b] = await Promise.all(ids.map(async (id) => {
    const r = await tracker.getRun(id);
    if (!r) throw new DeepmarkerError(`Cannot compare runs: no single run matches "${id}"\nhint: deepmarker runs list`);
    return r;
  }));
  const metricsOf = (r: typeof a) => new Map(r!.metrics.map((m) => [`${m.stage}.${m.name}`, m.value]));
  const ma = metricsOf(a);
  const mb = metricsOf(b);
  const metrics: MetricChange[] = [];
  for (const name of [...new Set([...ma.keys(), ...mb.keys()])].sort()) {
    const x = ma.get(name) ?? null;
    const y = mb.get(name) ?? null;
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) metrics.push({ name, a: x, b: y });
  }
  const keysOf = (r: typeof a) => new Map(r!.stages.filter((s) => s.status === "ok").map((s) => [s.stage, s.key]));
  const ka = keysOf(a);
  const kb = keysOf(b);
  const stages = [...new Set([...ka.keys(), ...kb.keys()])].filter((s) => ka.get(s) !== kb.get(s));
  return { a: a!.run.id, b: b!.run.id, params: paramsDiff(a!.run.params, b!.run.params), metrics, stages };
}
