/**
 * Plan a run: order the stages topologically (from their declared inputs) and compute every
 * stage's cache key before anything runs. A key depends only on the stage's name, version,
 * parameter slice, its inputs' keys and the content of its raw files, so the whole plan — and
 * `status` — is known without computing a thing.
 *
 * @module
 */
import { canonicalJson } from "./canonical_json.ts";
import { FileHasher } from "./file_hasher.ts";
import { sha256Hex } from "./sha256.ts";
import type { Spec } from "../study/spec_schema.ts";
import type { StageDefinition } from "./stage.ts";

/** One stage with its key, ready to run or look up. */
export interface PlannedStage {
  readonly stage: StageDefinition;
  readonly key: string;
  readonly params: unknown;
  readonly inputKeys: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string>>;
}

/** Options of {@linkcode planStages}. */
export interface PlanStagesOptions {
  /** Only these stages and their ancestors. @default all */
  readonly targets?: readonly string[];
  /** Memoising file hasher. @default an in-memory one */
  readonly hasher?: FileHasher;
}

/**
 * Order stages so each comes after its inputs.
 *
 * @param stages declarations
 * @returns the same declarations in dependency order (ties keep declaration order)
 * @throws {TypeError} on an unknown input or a cycle
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { topologicalOrder } from "./graph.ts";
 * const s = (name: string, inputs: string[]) => ({ name, inputs });
 * assert.deepEqual(topologicalOrder([s("b", ["a"]), s("a", [])]).map((x) => x.name), ["a", "b"]);
 * ```
 */
export function topologicalOrder<T extends Pick<StageDefinition, "name" | "inputs">>(stages: readonly T[]): T[] {
  const byName = new Map(stages.map((s) => [s.name, s]));
  const state = new Map<string, "visiting" | "done">();
  const out: T[] = [];
  function visit(s: T, trail: string[]): void {
    if (state.get(s.name) === "done") return;
    if (state.get(s.name) === "visiting") {
      throw new TypeError(`Cannot order stages: cycle ${[...trail, s.name].join(" → ")}`);
    }
    state.set(s.name, "visiting");
    for (const input of s.inputs) {
      const dep = byName.get(input);
      if (!dep) throw new TypeError(`Cannot order stages: stage "${s.name}" reads unknown stage "${input}"`);
      visit(dep, [...trail, s.name]);
    }
    state.set(s.name, "done");
    out.push(s);
  }
  for (const s of stages) visit(s, []);
  return out;
}

/**
 * Names of a stage and everything downstream of it.
 *
 * @param stages declarations
 * @param name the stage
 * @returns the stage and its descendants
 */
export function descendantsOf(stages: readonly Pick<StageDefinition, "name" | "inputs">[], name: string): Set<string> {
  const out = new Set([name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of stages) {
      if (!out.has(s.name) && s.inputs.some((i) => out.has(i))) {
        out.add(s.name);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * The cache key of one stage.
 *
 * @param stage name and version
 * @param parts params, input keys and file hashes
 * @returns hex SHA-256 of the canonical JSON of all of them
 */
export async function stageKey(
  stage: Pick<StageDefinition, "name" | "version">,
  parts: { params: unknown; inputKeys: Record<string, string>; files: Record<string, string> },
): Promise<string> {
  return await sha256Hex(canonicalJson({
    name: stage.name,
    version: stage.version,
    params: parts.params,
    inputs: parts.inputKeys,
    files: parts.files,
  }));
}

/**
 * Plan the stages for one spec variant: order plus keys.
 *
 * @param stages declarations
 * @param spec validated spec
 * @param options targets and file hasher
 * @returns planned stages in run order
 * @throws {TypeError} on an unknown stage, unknown input or cycle
 */
export async function planStages(
  stages: readonly StageDefinition[],
  spec: Spec,
  options: PlanStagesOptions = {},
): Promise<PlannedStage[]> {
  const hasher = options.hasher ?? new FileHasher();
  let ordered = topologicalOrder(stages);
  if (options.targets && options.targets.length > 0) {
    const keep = new Set<string>();
    const byName = new Map(stages.map((s) => [s.name, s]));
    const add = (n: string): void => {
      const s = byName.get(n);
      if (!s) throw new TypeError(`Cannot plan: unknown stage "${n}" (stages: ${[...byName.keys()].join(", ")})`);
      if (keep.has(n)) return;
      keep.add(n);
      s.inputs.forEach(add);
    };
    options.targets.forEach(add);
    ordered = ordered.filter((s) => keep.has(s.name));
  }
  const keys = new Map<string, string>();
  const plan: PlannedStage[] = [];
  for (const stage of ordered) {
    const params = stage.params(spec);
    const inputKeys = Object.fromEntries(stage.inputs.map((i) => [i, keys.get(i)!]));
    const files: Record<string, string> = {};
    for (const f of stage.files?.(spec) ?? []) files[f] = await hasher.hash(f);
    const key = await stageKey(stage, { params, inputKeys, files });
    keys.set(stage.name, key);
    plan.push({ stage, key, params, inputKeys, files });
  }
  return plan;
}
