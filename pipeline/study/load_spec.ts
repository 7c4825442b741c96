/**
 * The biomarker study's specs: the engine's loader (located errors, `extends`, `matrix`, `--set`)
 * bound to this study's schema.
 *
 * @module
 */
import { type LoadedSpec, loadSpecFile, parseSpecText } from "../engine/spec.ts";
import { type Spec, SpecSchema } from "./spec_schema.ts";

/** Options of {@linkcode loadSpec} and {@linkcode parseSpec}. */
export interface LoadSpecOptions {
  /** `key=value` overrides (`--set`), value parsed as YAML. @default [] */
  readonly set?: readonly string[];
}

/**
 * Read, validate and expand a biomarker spec file.
 *
 * @param path YAML file
 * @param options `--set` overrides
 * @returns the variants to run
 * @throws {SpecError} listing every problem with file, line and field
 */
export async function loadSpec(path: string, options: LoadSpecOptions = {}): Promise<LoadedSpec<Spec>> {
  return await loadSpecFile(path, { ...options, schema: SpecSchema });
}

/**
 * Validate and expand biomarker spec text (see {@linkcode loadSpec}).
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
 * import { parseSpec } from "./load_spec.ts";
 * const s = parseSpec("experiment: x\nseed: 1\ntrain:\n  epochs: 3\n", "x.yaml", { set: ["train.epochs=5"] });
 * assert.equal(s.variants[0]!.spec.train.epochs, 5);
 * assert.throws(() => parseSpec("experiment: x\nseed: 1\ntrain:\n  epochs: -3\n", "x.yaml"),
 *   { message: "x.yaml:4 train.epochs: expected a positive integer, got -3" });
 * ```
 */
export function parseSpec(text: string, path: string, options: LoadSpecOptions = {}): LoadedSpec<Spec> {
  return parseSpecText(text, path, { ...options, schema: SpecSchema });
}
