/**
 * Where generated state lives: `.deepmarker/` (cache, tracking database, file-hash memo) and
 * `out/` (reports). Overridable with `DEEPMARKER_HOME` / `DEEPMARKER_OUT` or options.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { DeepmarkerError } from "../errors.ts";
import { StageCache } from "./cache.ts";
import { FileHasher } from "./file_hasher.ts";
import { Tracker } from "./tracking.ts";

/** The folders and handles of one project. */
export interface Workspace {
  /** State folder (`.deepmarker`). */
  readonly home: string;
  /** Reports folder (`out`). */
  readonly outRoot: string;
  readonly cache: StageCache;
  readonly tracker: Tracker;
  readonly hasher: FileHasher;
}

/** Options of {@linkcode openWorkspace}. */
export interface OpenWorkspaceOptions {
  /** State folder. @default $DEEPMARKER_HOME or ".deepmarker" */
  readonly home?: string;
  /** Reports folder. @default $DEEPMARKER_OUT or "out" */
  readonly outRoot?: string;
  /** Soft-problem sink (corrupt cache entries). */
  readonly warn?: (message: string) => void;
}

/**
 * Open (creating folders as needed) the project's workspace.
 *
 * @param options folder overrides
 * @returns the workspace
 */
export async function openWorkspace(options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const home = resolve(options.home ?? Deno.env.get("DEEPMARKER_HOME") ?? ".deepmarker");
  const outRoot = resolve(options.outRoot ?? Deno.env.get("DEEPMARKER_OUT") ?? "out");
  try {
    await Deno.mkdir(join(home, "cache"), { recursive: true });
  } catch (e) {
    throw new DeepmarkerError(
      `Cannot create the state folder "${home}": ${
        (e as Error).message
      }\nhint: set DEEPMARKER_HOME to a writable folder`,
    );
  }
  return {
    home,
    outRoot,
    cache: new StageCache(join(home, "cache"), options.warn),
    tracker: new Tracker(join(home, "deepmarker.duckdb")),
    hasher: new FileHasher(join(home, "file_hashes.json")),
  };
}
