/**
 * Load an experiment spec: parse YAML (keeping source positions), apply `--set` overrides,
 * validate with zod, expand the ablation `matrix` into concrete variants. Every problem is
 * reported at once, each as `FILE:LINE field.path: what is wrong, got VALUE`.
 *
 * @module
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import { z } from "zod";
import { SpecError } from "../errors.ts";
import { closestName } from "./closest_name.ts";
import { schemaKeys } from "./schema_keys.ts";
import { dirname, join } from "node:path";

const slug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "expected a name of letters, digits, _ . -" });

/** Ablations: named variants and/or a cartesian grid of dotted-key → list of values. */
export const MatrixSchema = z.strictObject({
  variants: z.record(slug, z.record(z.string(), z.unknown())).optional(),
  grid: z.record(z.string(), z.array(z.unknown()).min(1, { error: "expected a non-empty list" })).optional(),
});

/** An ablation matrix (see {@linkcode MatrixSchema}). */
export type Matrix = z.infer<typeof MatrixSchema>;

/** What the engine needs of any study's spec: a name, and optionally a matrix of variants. */
export interface EngineSpec {
  readonly experiment: string;
  readonly matrix?: Matrix | undefined;
}

/** A study's spec schema (zod), validating into its spec type `S`. */
export type SpecSchemaOf<S extends EngineSpec> = z.ZodType<S, unknown>;

/** One concrete variant of an experiment. */
// deno-lint-ignore no-explicit-any -- generic over the study's spec type
export interface SpecVariant<Spec extends EngineSpec = any> {
  /** `default` without a matrix, else the variant's name (e.g. `ct_only`, `stats.lasso.top_k=10`). */
  readonly name: string;
  /** The validated spec of this variant (no `matrix`). */
  readonly spec: Spec;
  /** The dotted-key overrides that made this variant (empty for `default`). */
  readonly overrides: Readonly<Record<string, unknown>>;
}

/** A loaded spec file. */
// deno-lint-ignore no-explicit-any -- generic over the study's spec type
export interface LoadedSpec<Spec extends EngineSpec = any> {
  /** Path as given. */
  readonly path: string;
  /** YAML text as read (tracked with each run). */
  readonly text: string;
  /** Every variant, in matrix order. */
  readonly variants: readonly SpecVariant<Spec>[];
}

/** Options of {@linkcode loadSpecFile} and {@linkcode parseSpecText}. */
export interface LoadSpecFileOptions<S extends EngineSpec> {
  /** The study's schema: validates each variant and names the known fields in suggestions. */
  readonly schema: SpecSchemaOf<S>;
  /** `key=value` overrides (`--set`), value parsed as YAML. @default [] */
  readonly set?: readonly string[];
}

/**
 * Read, validate and expand a spec file.
 *
 * @param path YAML file
 * @param options `--set` overrides
 * @returns the variants to run
 * @throws {SpecError} listing every problem with file, line and field
 */
export async function loadSpecFile<S extends EngineSpec>(
  path: string,
  options: LoadSpecFileOptions<S>,
): Promise<LoadedSpec<S>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new SpecError(`Cannot load spec "${path}": ${e instanceof Deno.errors.NotFound ? "file not found" : e}`);
  }
  return parseSpecText(text, path, options);
}

/**
 * Validate and expand spec text (see {@linkcode loadSpec}).
 *
 * @param text YAML
 * @param path name used in messages
 * @param options `--set` overrides
 * @returns the variants to run
 * @throws {SpecError} listing every problem with file, line and field
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { MatrixSchema, parseSpecText } from "./spec.ts";
 * const schema = z.strictObject({
 *   experiment: z.string(),
 *   epochs: z.number().int().positive({ error: "expected a positive integer" }),
 *   matrix: MatrixSchema.optional(),
 * });
 * const s = parseSpecText("experiment: x\nepochs: 3\n", "x.yaml", { schema, set: ["epochs=5"] });
 * assert.equal(s.variants[0]!.spec.epochs, 5);
 * assert.throws(() => parseSpecText("experiment: x\nepochs: -3\n", "x.yaml", { schema }),
 *   { message: "x.yaml:2 epochs: expected a positive integer, got -3" });
 * ```
 */
export function parseSpecText<S extends EngineSpec>(
  text: string,
  path: string,
  options: LoadSpecFileOptions<S>,
): LoadedSpec<S> {
  const schema = options.schema;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw fail(
      path,
      doc.errors.map((e) => `${path}:${lineCounter.linePos(e.pos[0]).line} YAML syntax error: ${firstLine(e.message)}`),
    );
  }
  const raw = doc.toJS() ?? {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw fail(path, [`${path}:1 expected a mapping at the top level`]);
  }
  const located: Located = { layers: [{ doc, lineCounter, path }] };
  const overridden = withParents(raw as Record<string, unknown>, located, [path]);
  const setPaths: string[] = [];
  for (const item of options.set ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw fail(path, [`--set ${item}: expected KEY=VALUE, e.g. train.epochs=5`]);
    const key = item.slice(0, eq);
    setDotted(overridden, key, parseScalar(item.slice(eq + 1)));
    setPaths.push(key);
  }
  const base = validate(schema, overridden, { loc: located, setPaths, combo: undefined });
  const matrix = base.matrix;
  if (!matrix || (!matrix.variants && !matrix.grid)) {
    return { path, text, variants: [{ name: "default", spec: stripMatrix(base), overrides: {} }] };
  }
  const variants: SpecVariant<S>[] = [];
  const problems: string[] = [];
  for (const combo of expandMatrix(matrix)) {
    const obj = structuredClone(overridden);
    delete obj.matrix;
    for (const [k, v] of Object.entries(combo.overrides)) setDotted(obj, k, v);
    try {
      variants.push({
        name: combo.name,
        spec: validate(schema, obj, { loc: located, setPaths, combo }),
        overrides: combo.overrides,
      });
    } catch (e) {
      if (e instanceof SpecError) problems.push(...e.issues);
      else throw e;
    }
  }
  if (problems.length > 0) throw fail(path, problems);
  return { path, text, variants };
}

interface Layer {
  doc: Document;
  lineCounter: LineCounter;
  path: string;
}

/** The spec file and the files it `extends`, nearest first (where a field's line is looked up). */
interface Located {
  layers: Layer[];
}

/**
 * Resolve `extends: PARENT.yaml` (relative to the file): the parent's fields, deep-merged under the
 * child's (mappings merge, everything else — lists included — is replaced). Chains are allowed.
 */
function withParents(raw: Record<string, unknown>, located: Located, chain: string[]): Record<string, unknown> {
  const child = located.layers.at(-1)!;
  const parentRef = raw.extends;
  const { extends: _extends, ...own } = raw;
  if (parentRef === undefined) return structuredClone(own);
  const line = child.lineCounter.linePos(nodeAt(child.doc, ["extends"])?.range?.[0] ?? 0).line;
  if (typeof parentRef !== "string") throw fail(chain[0]!, [`${child.path}:${line} extends: expected a file path`]);
  const parentPath = join(dirname(child.path), parentRef);
  if (chain.includes(parentPath)) {
    throw fail(chain[0]!, [`${child.path}:${line} extends: cycle ${[...chain, parentPath].join(" → ")}`]);
  }
  let text: string;
  try {
    text = Deno.readTextFileSync(parentPath);
  } catch {
    throw fail(chain[0]!, [`${child.path}:${line} extends: cannot read "${parentPath}"`]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw fail(
      chain[0]!,
      doc.errors.map((e) =>
        `${parentPath}:${lineCounter.linePos(e.pos[0]).line} YAML syntax error: ${firstLine(e.message)}`
      ),
    );
  }
  located.layers.push({ doc, lineCounter, path: parentPath });
  const parent = withParents((doc.toJS() ?? {}) as Record<string, unknown>, located, [...chain, parentPath]);
  return deepMerge(parent, own);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  const isMap = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  for (const [k, v] of Object.entries(over)) {
    out[k] = isMap(v) && isMap(base[k])
      ? deepMerge(base[k] as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

interface Combo {
  name: string;
  overrides: Record<string, unknown>;
}

interface Where {
  loc: Located;
  setPaths: string[];
  combo: Combo | undefined;
}

function validate<S extends EngineSpec>(schema: SpecSchemaOf<S>, obj: unknown, where: Where): S {
  const result = schema.safeParse(obj);
  if (result.success) return result.data;
  throw fail(where.loc.layers[0]!.path, result.error.issues.map((issue) => describe(issue, obj, schema, where)));
}

function describe(issue: z.core.$ZodIssue, obj: unknown, schema: unknown, at: Where): string {
  const { loc, setPaths, combo } = at;
  const keys = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => {
      const full = [...keys, k];
      const where = whereIs(full, loc, setPaths, combo);
      const suggestion = closestName(k, schemaKeys(schema, keys));
      return `${where} ${full.join(".")}: unknown field${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`;
    }).join("\n");
  }
  const where = whereIs(keys, loc, setPaths, combo);
  const field = keys.length > 0 ? keys.join(".") : "(top level)";
  const label = where === `--set ${field}` ? where : `${where} ${field}`;
  const value = getDotted(obj, keys);
  if (value === undefined) return `${label}: required field is missing (${issue.message})`;
  return `${label}: ${issue.message}, got ${JSON.stringify(value)}`;
}

function whereIs(keys: string[], loc: Located, setPaths: string[], combo: Combo | undefined): string {
  const dotted = keys.join(".");
  const set = setPaths.find((p) => dotted === p || dotted.startsWith(`${p}.`));
  if (set) return `--set ${set}`;
  const fromCombo = combo && Object.keys(combo.overrides).find((p) => dotted === p || dotted.startsWith(`${p}.`));
  const nodePath = fromCombo ? ["matrix"] : keys;
  for (let n = nodePath.length; n >= 0; n--) {
    for (const layer of loc.layers) {
      const node = nodeAt(layer.doc, nodePath.slice(0, n));
      if (node?.range && (n > 0 || layer === loc.layers[0])) {
        const line = layer.lineCounter.linePos(node.range[0]).line;
        return fromCombo ? `${layer.path}:${line} matrix variant "${combo!.name}":` : `${layer.path}:${line}`;
      }
    }
  }
  return `${loc.layers[0]!.path}:1`;
}

/** The key node when the path ends on a mapping key, else the value node. */
function nodeAt(doc: Document, keys: string[]): Node | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i < keys.length; i++) {
    if (!isMap(node)) return i === keys.length ? node as Node : undefined;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === keys[i]);
    if (!pair) return undefined;
    if (i === keys.length - 1) return (pair.key as Node) ?? undefined;
    node = pair.value;
  }
  return node as Node | undefined;
}

function* expandMatrix(matrix: Matrix): Generator<Combo> {
  const named = matrix.variants ? Object.entries(matrix.variants) : [["", {}] as const];
  const grid = Object.entries(matrix.grid ?? {});
  for (const [vName, vOverrides] of named) {
    const flat = flatten(vOverrides as Record<string, unknown>);
    for (const choice of cartesian(grid.map(([, values]) => values.length))) {
      const overrides: Record<string, unknown> = { ...flat };
      const parts = vName ? [vName] : [];
      choice.forEach((idx, g) => {
        const [key, values] = grid[g]!;
        overrides[key] = values[idx];
        parts.push(`${key}=${JSON.stringify(values[idx])}`);
      });
      yield { name: parts.join(",") || "default", overrides };
    }
  }
}

function* cartesian(sizes: number[]): Generator<number[]> {
  const idx = sizes.map(() => 0);
  while (true) {
    yield [...idx];
    let i = sizes.length - 1;
    while (i >= 0 && ++idx[i]! >= sizes[i]!) idx[i--] = 0;
    if (i < 0) return;
  }
}

function flatten(obj: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = v;
  }
  return out;
}

function setDotted(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== "object" || cur[k] === null || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys.at(-1)!] = value;
}

function getDotted(obj: unknown, keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function parseScalar(text: string): unknown {
  const doc = parseDocument(text);
  return doc.errors.length > 0 ? text : doc.toJS();
}

function stripMatrix<S extends EngineSpec>(spec: S): S {
  const { matrix: _matrix, ...rest } = spec;
  return rest as S;
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

function fail(path: string, issues: string[]): SpecError {
  const lines = issues.flatMap((i) => i.split("\n"));
  const message = lines.length === 1
    ? lines[0]!
    : `Cannot load spec "${path}": ${lines.length} problems\n${lines.map((l) => `  ${l}`).join("\n")}`;
  return new SpecError(message, lines);
}
