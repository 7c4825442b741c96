/**
 * What a stage needs to run: cores, memory, GPUs and a wall-time limit. A stage declares its
 * defaults (`resources` on its definition); a spec overrides them per stage or per stage family
 * (`resources: { train: { cpus: 2, mem_gb: 8, gpus: 1, time: "24:00:00" } }` applies to
 * `train_ct` and `train_pet`; `partition: gpu` sends that stage's Slurm jobs to another partition). Resources never enter a cache key: they change where and how fast a
 * stage runs, not what it computes.
 *
 * @module
 */
import { z } from "zod";

/** What a stage declares (every field optional; see {@linkcode DEFAULT_RESOURCES}). */
export interface StageResources {
  /** Cores, or `"all"`: the stage scales with cores (e.g. training's BLAS threads). */
  readonly cpus?: number | "all";
  /** Memory in GB. */
  readonly memGb?: number;
  /** GPUs. */
  readonly gpus?: number;
  /** Wall-time limit in Slurm's `[D-]HH:MM:SS` form. */
  readonly time?: string;
}

/** A stage's resolved needs. */
export interface ResourceNeeds {
  readonly cpus: number | "all";
  readonly memGb: number;
  readonly gpus: number;
  readonly time: string;
  /** Slurm partition of this stage's jobs (e.g. training on `gpu`); overrides `--partition`. */
  readonly partition?: string;
}

/** What a stage was given to run with (`ctx.resources`). */
export interface ResourceGrant {
  /** Cores the stage may use (threads, workers). */
  readonly cpus: number;
  readonly memGb: number;
  readonly gpus: number;
  readonly time: string;
}

/** Needs of a stage that declares nothing. */
export const DEFAULT_RESOURCES: ResourceNeeds = { cpus: 1, memGb: 2, gpus: 0, time: "04:00:00" };

const TIME = /^(\d+-)?\d{1,2}:\d{2}:\d{2}$/;

/** One stage's overrides in a spec (snake_case like the rest of the spec). */
export const ResourceOverrideSchema = z.strictObject({
  cpus: z.union([z.int().min(1), z.literal("all")], { error: 'expected an integer ≥ 1 or "all"' }).optional(),
  mem_gb: z.number({ error: "expected a number of GB" }).positive({ error: "expected a positive number of GB" })
    .optional(),
  gpus: z.int({ error: "expected an integer ≥ 0" }).min(0, { error: "expected an integer ≥ 0" }).optional(),
  time: z.string().regex(TIME, { error: 'expected a wall time like "24:00:00" or "2-00:00:00"' }).optional(),
  partition: z.string({ error: "expected a Slurm partition name" }).min(1).optional(),
});

/** A spec's `resources` section: stage name or family → overrides. */
export type ResourceOverrides = Readonly<Record<string, z.infer<typeof ResourceOverrideSchema>>>;

/**
 * The `resources` section of a spec schema: one optional entry per stage name or family, so a
 * misspelt stage is a located spec error like any unknown key.
 *
 * @param names stage names and families the spec may name
 * @returns a strict zod object
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resourcesSchema } from "./resources.ts";
 * const schema = resourcesSchema(["train", "lasso"]);
 * assert.deepEqual(schema.parse({ train: { cpus: 2 } }), { train: { cpus: 2 } });
 * assert.throws(() => schema.parse({ trian: { cpus: 2 } }));
 * assert.throws(() => schema.parse({ train: { memory: 2 } }));
 * ```
 */
export function resourcesSchema(names: readonly string[]) {
  return z.strictObject(Object.fromEntries(names.map((n) => [n, ResourceOverrideSchema.optional()])));
}

/**
 * A stage's needs: the defaults, then its declaration, then the spec's entry for its family
 * (`train` for `train_ct`), then the spec's entry for its exact name.
 *
 * @param stage name and declared resources
 * @param overrides the spec's `resources` section
 * @returns resolved needs
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { stageNeeds } from "./resources.ts";
 * const needs = stageNeeds({ name: "train_ct", resources: { cpus: "all", memGb: 4 } }, { train: { gpus: 1 } });
 * assert.deepEqual(needs, { cpus: "all", memGb: 4, gpus: 1, time: "04:00:00" });
 * ```
 */
export function stageNeeds(
  stage: { readonly name: string; readonly resources?: StageResources },
  overrides: ResourceOverrides = {},
): ResourceNeeds {
  const family = stage.name.includes("_") ? stage.name.slice(0, stage.name.lastIndexOf("_")) : undefined;
  const layers = [family === undefined ? undefined : overrides[family], overrides[stage.name]];
  let needs: ResourceNeeds = { ...DEFAULT_RESOURCES, ...stage.resources };
  for (const o of layers) {
    if (!o) continue;
    const partition = o.partition ?? needs.partition;
    needs = {
      cpus: o.cpus ?? needs.cpus,
      memGb: o.mem_gb ?? needs.memGb,
      gpus: o.gpus ?? needs.gpus,
      time: o.time ?? needs.time,
      ...(partition ? { partition } : {}),
    };
  }
  return needs;
}

/**
 * Seconds of a Slurm wall time.
 *
 * @param time `[D-]HH:MM:SS`
 * @returns seconds
 * @throws {RangeError} on another form
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { wallSeconds } from "./resources.ts";
 * assert.equal(wallSeconds("1-02:00:30"), 93630);
 * ```
 */
export function wallSeconds(time: string): number {
  if (!TIME.test(time)) throw new RangeError(`Cannot read wall time "${time}": expected [D-]HH:MM:SS`);
  const [d, rest] = time.includes("-") ? time.split("-") as [string, string] : ["0", time];
  const [h, m, s] = rest.split(":").map(Number) as [number, number, number];
  return ((Number(d) * 24 + h) * 60 + m) * 60 + s;
}
