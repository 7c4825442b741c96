/**
 * Plan a run: order the stages topologically (from their declared inputs) and fix each stage's
 * recipe before anything runs — its name, optional version override, parameter slice, raw-file
 * hashes and code (the import closure of its module, see `code_closure.ts`). The cache key itself
 * is resolved when the stage's inputs exist: the recipe plus the hashes of the input outputs it
 * reads ({@linkcode resolveKey}). Keying on output content rather than on input keys gives early
 * cutoff (as in Bazel and DVC): a recomputed stage whose outputs are byte-identical leaves every
 * dependent cached.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { canonicalJson } from "./canonical_json.ts";
import { type CodeDigest, CodeIndex } from "./code_closure.ts";
import { FileHasher } from "./file_hasher.ts";
import { sha256Hex } from "./sha256.ts";
import type { CacheEntry, StageDefinition } from "./stage.ts";

/** One stage with its recipe, ready to resolve its key and run or look up. */
export interface PlannedStage {
  readonly stage: StageDefinition;
  /**
   * Node identity before anything runs: the recipe plus the input nodes' ids. Variants that share
   * a stage share its id, so a sweep's graph is the union of its variants' nodes.
   */
  readonly id: string;
  /** Digest of name, version override, params, raw files and code. */
  readonly recipe: string;
  readonly params: unknown;
  /** Input stage name → that input node's id. */
  readonly inputIds: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string>>;
  readonly code: CodeDigest;
}

/** Options of {@linkcode planStages}. */
export interface PlanStagesOptions {
  /** Only these stages and their ancestors. @default all */
  readonly targets?: readonly string[];
  /** Memoising file hasher. @default an in-memory one */
  readonly hasher?: FileHasher;
  /** Code closures. @default one index for the project this engine belongs to */
  readonly code?: CodeIndex;
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
 * The recipe digest of one stage: everything its result depends on except its inputs.
 *
 * @param stage name and optional version override
 * @param parts params, raw-file hashes and the code digest
 * @returns hex SHA-256 of the canonical JSON of all of them
 */
export async function recipeDigest(
  stage: Pick<StageDefinition, "name" | "version">,
  parts: { params: unknown; files: Record<string, string>; code: string },
): Promise<string> {
  return await sha256Hex(canonicalJson({
    name: stage.name,
    version: stage.version,
    params: parts.params,
    files: parts.files,
    code: parts.code,
  }));
}

/**
 * The digest of the outputs a stage reads from one input entry: the sorted paths and content
 * hashes of the matching outputs (`reads` patterns: a path, or `dir/**` for everything under it).
 *
 * @param outputs the input entry's manifest `outputs` (relative path → SHA-256)
 * @param reads patterns; omitted = every output
 * @returns hex SHA-256
 * @throws {TypeError} when a pattern matches no output (a misspelt `reads` would otherwise go unseen)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { outputsDigest } from "./graph.ts";
 * const a = await outputsDigest({ "images.json": "1", "cohort.csv": "2" }, ["images.json"]);
 * const b = await outputsDigest({ "images.json": "1", "cohort.csv": "3" }, ["images.json"]);
 * assert.equal(a, b);
 * ```
 */
export async function outputsDigest(
  outputs: Readonly<Record<string, string>>,
  reads?: readonly string[],
): Promise<string> {
  const matches = (path: string, pattern: string) =>
    pattern.endsWith("/**") ? path.startsWith(pattern.slice(0, -2)) : path === pattern;
  const paths = Object.keys(outputs).filter((p) => !reads || reads.some((r) => matches(p, r))).sort();
  for (const r of reads ?? []) {
    if (!paths.some((p) => matches(p, r))) throw new TypeError(`No output matches "${r}"`);
  }
  return await sha256Hex(paths.map((p) => `${p}\t${outputs[p]}`).join("\n"));
}

/** A stage's resolved key and the input digests it was computed from. */
export interface ResolvedKey {
  readonly key: string;
  readonly inputDigests: Readonly<Record<string, string>>;
}

/**
 * The cache key of a planned stage, once its inputs' entries exist: the recipe plus the digest of
 * the outputs it reads from each input.
 *
 * @param planned the planned stage
 * @param inputs its inputs' finished entries, by stage name
 * @returns the key and the per-input digests
 * @throws {TypeError} when an input entry is missing
 */
export async function resolveKey(
  planned: PlannedStage,
  inputs: Readonly<Record<string, CacheEntry>>,
): Promise<ResolvedKey> {
  const inputDigests: Record<string, string> = {};
  for (const name of planned.stage.inputs) {
    const entry = inputs[name];
    if (!entry) throw new TypeError(`Cannot key stage "${planned.stage.name}": input "${name}" has no entry`);
    try {
      inputDigests[name] = await outputsDigest(entry.manifest.outputs, planned.stage.reads?.[name]);
    } catch (e) {
      throw new TypeError(`Cannot key stage "${planned.stage.name}": input "${name}": ${(e as Error).message}`);
    }
  }
  const key = await sha256Hex(canonicalJson({ recipe: planned.recipe, inputs: inputDigests }));
  return { key, inputDigests };
}

let defaultIndex: CodeIndex | undefined;

/** The code index of the project this engine belongs to (memoised for the process). */
function projectCodeIndex(): CodeIndex {
  defaultIndex ??= new CodeIndex(fileURLToPath(new URL("../../", import.meta.url)));
  return defaultIndex;
}

/**
 * Plan the stages of one spec variant: order, recipes and node ids.
 *
 * @param stages declarations
 * @param spec validated spec
 * @param options targets, file hasher, code index
 * @returns planned stages in run order
 * @throws {TypeError} on an unknown stage, unknown input or cycle
 */
export async function planStages<S>(
  stages: readonly StageDefinition<unknown, S>[],
  spec: S,
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
  const codes = await (options.code ?? projectCodeIndex()).closures(ordered.map((s) => s.source));
  const ids = new Map<string, string>();
  const plan: PlannedStage[] = [];
  for (const [i, stage] of ordered.entries()) {
    const params = stage.params(spec);
    const files: Record<string, string> = {};
    for (const f of stage.files?.(spec) ?? []) files[f] = await hasher.hash(f);
    const code = codes[i]!;
    const recipe = await recipeDigest(stage, { params, files, code: code.digest });
    const inputIds = Object.fromEntries(stage.inputs.map((n) => [n, ids.get(n)!]));
    const id = await sha256Hex(canonicalJson({ recipe, inputs: inputIds }));
    ids.set(stage.name, id);
    plan.push({ stage: stage as StageDefinition, id, recipe, params, inputIds, files, code });
  }
  return plan;
}
