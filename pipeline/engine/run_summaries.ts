/**
 * One row per tracked run for the runs index: the run's facts, its stage counts, wall time and the
 * metrics a caller asks for — one query each, so an index of thousands of runs is cheap.
 *
 * @module
 */
import type { RunRecord, Tracker } from "./tracking.ts";

/** One metric value with its interval, where the stage reported one. */
export interface SummaryMetric {
  readonly value: number;
  readonly lower?: number;
  readonly upper?: number;
}

/** A run as the index lists it. */
export interface RunSummary {
  readonly id: string;
  readonly experiment: string;
  readonly variant: string;
  readonly status: RunRecord["status"];
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** Wall time in seconds (`null` while running). */
  readonly wallSeconds: number | null;
  readonly backend: string;
  /** Git commit, `-dirty` appended when the work tree was. */
  readonly codeVersion: string;
  /** SHA-256 of the spec text. */
  readonly specHash: string;
  readonly stages: number;
  readonly cacheHits: number;
  readonly computed: number;
  /** Every param, flattened to dotted keys (for the comparison view). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Stage → cache key (what was recomputed between two runs). */
  readonly keys: Readonly<Record<string, string>>;
  /** `stage/metric` name → value, for the metrics the caller selected. */
  readonly metrics: Readonly<Record<string, SummaryMetric>>;
}

/** Options of {@linkcode runSummaries}. */
export interface RunSummariesOptions {
  /** Keep metrics whose name starts with one of these. @default every metric */
  readonly metricPrefixes?: readonly string[];
}

/**
 * Every tracked run, newest first, summarised.
 *
 * @param tracker tracking database
 * @param options which metrics to keep
 * @returns one summary per run
 */
export async function runSummaries(tracker: Tracker, options: RunSummariesOptions = {}): Promise<RunSummary[]> {
  return await tracker.use(async (db) => {
    const runs = (await db.runAndReadAll(
      `SELECT id, experiment, variant, status, CAST(started_at AS VARCHAR) AS started_at,
              CAST(ended_at AS VARCHAR) AS ended_at, backend, git_commit, git_dirty, sha256(spec_text) AS spec_hash,
              CAST(params AS VARCHAR) AS params,
              date_diff('millisecond', started_at, ended_at) AS wall_ms
       FROM runs ORDER BY started_at DESC, id DESC`,
    )).getRowObjectsJson();
    const stages = (await db.runAndReadAll(`SELECT run_id, stage, key, cache_hit, status FROM stage_runs`))
      .getRowObjectsJson();
    const metrics = (await db.runAndReadAll(`SELECT run_id, stage, name, value, lower, upper FROM metrics`))
      .getRowObjectsJson();
    const byRun = new Map<string, { stages: typeof stages; metrics: Record<string, SummaryMetric> }>();
    for (const r of runs) byRun.set(String(r.id), { stages: [], metrics: {} });
    for (const s of stages) byRun.get(String(s.run_id))?.stages.push(s);
    const keep = (name: string) => !options.metricPrefixes || options.metricPrefixes.some((p) => name.startsWith(p));
    for (const m of metrics) {
      const name = String(m.name);
      const into = byRun.get(String(m.run_id));
      if (!into || !keep(name)) continue;
      into.metrics[name] = {
        value: Number(m.value),
        ...(m.lower === null ? {} : { lower: Number(m.lower) }),
        ...(m.upper === null ? {} : { upper: Number(m.upper) }),
      };
    }
    return runs.map((r) => {
      const own = byRun.get(String(r.id))!;
      const ok = own.stages.filter((s) => s.status === "ok");
      return {
        id: String(r.id),
        experiment: String(r.experiment),
        variant: String(r.variant),
        status: r.status as RunRecord["status"],
        startedAt: String(r.started_at),
        endedAt: r.ended_at === null ? null : String(r.ended_at),
        wallSeconds: r.wall_ms === null ? null : Number(r.wall_ms) / 1000,
        backend: String(r.backend),
        codeVersion: `${r.git_commit}${r.git_dirty ? "-dirty" : ""}`,
        specHash: String(r.spec_hash),
        stages: own.stages.length,
        cacheHits: ok.filter((s) => s.cache_hit).length,
        computed: ok.filter((s) => !s.cache_hit).length,
        params: flatten(JSON.parse(String(r.params ?? "{}"))),
        keys: Object.fromEntries(ok.map((s) => [String(s.stage), String(s.key)])),
        metrics: own.metrics,
      };
    });
  });
}

function flatten(value: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}
