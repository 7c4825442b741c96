/**
 * Run tracking in DuckDB (`.deepmarker/deepmarker.duckdb`): runs, stage runs and metrics.
 * DuckDB lets one process write a file at a time, so every operation opens the database under
 * an exclusive file lock, does its work in a transaction and closes it again; concurrent runs
 * queue for a few milliseconds instead of failing. Readers query the file directly with SQL.
 *
 * @module
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { StageMetric } from "./stage.ts";

/** A tracked run as stored. */
export interface RunRecord {
  readonly id: string;
  readonly experiment: string;
  readonly variant: string;
  readonly specPath: string;
  readonly specText: string;
  /** The resolved (validated, defaults filled) spec of this variant. */
  readonly params: unknown;
  readonly gitCommit: string;
  readonly gitDirty: boolean;
  readonly denoVersion: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly backend: string;
  readonly host: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly status: "running" | "ok" | "failed" | "interrupted";
}

/** One stage of one run. */
export interface StageRunRecord {
  readonly runId: string;
  readonly stage: string;
  readonly key: string;
  readonly cacheHit: boolean;
  readonly durationMs: number;
  readonly status: "ok" | "failed" | "skipped";
  readonly error: string | null;
}

/** One metric of one run. */
export interface MetricRecord extends StageMetric {
  readonly runId: string;
  readonly stage: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id VARCHAR PRIMARY KEY, experiment VARCHAR, variant VARCHAR, spec_path VARCHAR, spec_text VARCHAR,
  params JSON, git_commit VARCHAR, git_dirty BOOLEAN, deno_version VARCHAR, dependencies JSON,
  backend VARCHAR, host VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, status VARCHAR);
CREATE TABLE IF NOT EXISTS stage_runs (
  run_id VARCHAR, stage VARCHAR, key VARCHAR, cache_hit BOOLEAN, duration_ms DOUBLE, status VARCHAR,
  error VARCHAR);
CREATE TABLE IF NOT EXISTS metrics (
  run_id VARCHAR, stage VARCHAR, name VARCHAR, value DOUBLE, lower DOUBLE, upper DOUBLE);
`;

/** The tracking database of one project. */
export class Tracker {
  /** Path of the DuckDB file. */
  readonly path: string;

  /**
   * @param path DuckDB file (created with its tables on first use)
   */
  constructor(path: string) {
    this.path = path;
  }

  /**
   * Run `fn` with an open connection, under the tracking lock, inside a transaction.
   *
   * @param fn work to do
   * @returns what `fn` returns
   */
  async use<T>(fn: (db: DuckDBConnection) => Promise<T>): Promise<T> {
    const lock = await Deno.open(`${this.path}.lock`, { create: true, write: true });
    await lock.lock(true);
    const instance = await DuckDBInstance.create(this.path);
    const db = await instance.connect();
    try {
      await db.run(SCHEMA);
      await db.run("BEGIN TRANSACTION");
      const out = await fn(db);
      await db.run("COMMIT");
      return out;
    } catch (e) {
      await db.run("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      db.closeSync();
      instance.closeSync();
      lock.close();
    }
  }

  /**
   * Record the start of a run.
   *
   * @param run the run (status `running`, no end)
   */
  async startRun(run: RunRecord): Promise<void> {
    await this.use((db) =>
      db.run(
        `INSERT INTO runs VALUES ($1, $2, $3, $4, $5, $6::JSON, $7, $8, $9, $10::JSON, $11, $12, $13::TIMESTAMP, NULL, $14)`,
        [
          run.id,
          run.experiment,
          run.variant,
          run.specPath,
          run.specText,
          JSON.stringify(run.params),
          run.gitCommit,
          run.gitDirty,
          run.denoVersion,
          JSON.stringify(run.dependencies),
          run.backend,
          run.host,
          run.startedAt,
          run.status,
        ],
      )
    );
  }

  /**
   * Record a finished (or failed, or skipped) stage and its metrics.
   *
   * @param stageRun the stage run
   * @param metrics its metrics
   */
  async recordStage(stageRun: StageRunRecord, metrics: readonly StageMetric[] = []): Promise<void> {
    await this.use(async (db) => {
      await db.run(`INSERT INTO stage_runs VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        stageRun.runId,
        stageRun.stage,
        stageRun.key,
        stageRun.cacheHit,
        stageRun.durationMs,
        stageRun.status,
        stageRun.error,
      ]);
      for (const m of metrics) {
        await db.run(`INSERT INTO metrics VALUES ($1, $2, $3, $4, $5, $6)`, [
          stageRun.runId,
          stageRun.stage,
          m.name,
          m.value,
          m.lower ?? null,
          m.upper ?? null,
        ]);
      }
    });
  }

  /**
   * Record the end of a run.
   *
   * @param id run id
   * @param end status, end time and the backend actually used
   */
  async finishRun(id: string, end: { status: RunRecord["status"]; endedAt: string; backend?: string }): Promise<void> {
    await this.use((db) =>
      db.run(
        `UPDATE runs SET status = $2, ended_at = $3::TIMESTAMP, backend = coalesce($4, backend) WHERE id = $1`,
        [id, end.status, end.endedAt, end.backend ?? null],
      )
    );
  }

  /**
   * Runs, newest first.
   *
   * @param options optional experiment filter and limit
   * @returns run records
   */
  async listRuns(options: { experiment?: string; limit?: number } = {}): Promise<RunRecord[]> {
    return await this.use(async (db) => {
      const reader = await db.runAndReadAll(
        `SELECT * FROM runs WHERE $1::VARCHAR IS NULL OR experiment = $1 ORDER BY started_at DESC, id DESC LIMIT $2`,
        [options.experiment ?? null, options.limit ?? 1000],
      );
      return reader.getRowObjectsJson().map(toRunRecord);
    });
  }

  /**
   * One run with its stages and metrics.
   *
   * @param id run id (a unique prefix is enough)
   * @returns the run, or `undefined`
   */
  async getRun(
    id: string,
  ): Promise<{ run: RunRecord; stages: StageRunRecord[]; metrics: MetricRecord[] } | undefined> {
    return await this.use(async (db) => {
      const runs = (await db.runAndReadAll(`SELECT * FROM runs WHERE starts_with(id, $1) ORDER BY id`, [id]))
        .getRowObjectsJson();
      if (runs.length !== 1) return undefined;
      const run = toRunRecord(runs[0]!);
      const stages = (await db.runAndReadAll(`SELECT * FROM stage_runs WHERE run_id = $1`, [run.id]))
        .getRowObjectsJson().map((r) => ({
          runId: String(r.run_id),
          stage: String(r.stage),
          key: String(r.key),
          cacheHit: Boolean(r.cache_hit),
          durationMs: Number(r.duration_ms),
          status: r.status as StageRunRecord["status"],
          error: r.error === null ? null : String(r.error),
        }));
      const metrics = (await db.runAndReadAll(`SELECT * FROM metrics WHERE run_id = $1 ORDER BY stage, name`, [run.id]))
        .getRowObjectsJson().map((r) => ({
          runId: String(r.run_id),
          stage: String(r.stage),
          name: String(r.name),
          value: Number(r.value),
          ...(r.lower === null ? {} : { lower: Number(r.lower) }),
          ...(r.upper === null ? {} : { upper: Number(r.upper) }),
        }));
      return { run, stages, metrics };
    });
  }

  /**
   * The key each stage had in the latest run of an experiment variant (for `status`).
   *
   * @param experiment experiment name
   * @param variant variant name
   * @returns stage → key
   */
  async lastKeys(experiment: string, variant: string): Promise<Map<string, string>> {
    return await this.use(async (db) => {
      const rows = (await db.runAndReadAll(
        `SELECT s.stage, s.key FROM stage_runs s JOIN runs r ON r.id = s.run_id
         WHERE r.experiment = $1 AND r.variant = $2 AND s.status = 'ok'
         QUALIFY row_number() OVER (PARTITION BY s.stage ORDER BY r.started_at DESC, r.id DESC) = 1`,
        [experiment, variant],
      )).getRowObjectsJson();
      return new Map(rows.map((r) => [String(r.stage), String(r.key)]));
    });
  }

  /**
   * Every cache key any tracked run used (for `gc`).
   *
   * @returns the keys
   */
  async referencedKeys(): Promise<Set<string>> {
    return await this.use(async (db) => {
      const rows = (await db.runAndReadAll(`SELECT DISTINCT key FROM stage_runs`)).getRowObjectsJson();
      return new Set(rows.map((r) => String(r.key)));
    });
  }
}

function toRunRecord(r: Record<string, unknown>): RunRecord {
  const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
  return {
    id: String(r.id),
    experiment: String(r.experiment),
    variant: String(r.variant),
    specPath: String(r.spec_path),
    specText: String(r.spec_text),
    params: parse(r.params),
    gitCommit: String(r.git_commit),
    gitDirty: Boolean(r.git_dirty),
    denoVersion: String(r.deno_version),
    dependencies: parse(r.dependencies),
    backend: String(r.backend),
    host: String(r.host),
    startedAt: String(r.started_at),
    endedAt: r.ended_at === null ? null : String(r.ended_at),
    status: r.status as RunRecord["status"],
  };
}
