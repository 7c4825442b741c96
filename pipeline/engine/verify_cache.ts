/**
 * `deepmarker verify`: re-read and re-hash every output of the cache entries tracked runs use (or,
 * with `all`, of every entry) against their manifests. A corrupt entry is quarantined (moved to
 * `cache/corrupt/`), so the next run recomputes it instead of trusting it.
 *
 * @module
 */
import { CacheCorruptError } from "../errors.ts";
import { readManifest } from "./cache.ts";
import type { Workspace } from "./workspace.ts";

/** One entry that failed verification. */
export interface CorruptEntry {
  readonly key: string;
  /** Stage name, when the manifest could be read. */
  readonly stage: string | undefined;
  /** What is wrong, naming the file. */
  readonly problem: string;
}

/** What {@linkcode verifyCache} found. */
export interface VerifyReport {
  /** Entries checked. */
  readonly checked: number;
  /** Bytes re-read. */
  readonly bytes: number;
  /** Entries that failed (now quarantined). */
  readonly corrupt: readonly CorruptEntry[];
}

/** Options of {@linkcode verifyCache}. */
export interface VerifyCacheOptions {
  /** Every entry, not only those a tracked run uses. @default false */
  readonly all?: boolean;
  /** Called once per entry checked. @default none */
  readonly onEntry?: (key: string, problem: string | undefined) => void;
}

/**
 * Re-hash the cache.
 *
 * @param workspace the project's workspace
 * @param options `all`, a per-entry hook
 * @returns entries checked, bytes read, the corrupt entries
 *
 * @example Usage
 * ```ts ignore
 * import { openWorkspace, verifyCache } from "../mod.ts";
 * const report = await verifyCache(await openWorkspace(), { all: true });
 * console.log(report.checked, report.corrupt);
 * ```
 */
export async function verifyCache(workspace: Workspace, options: VerifyCacheOptions = {}): Promise<VerifyReport> {
  const { cache } = workspace;
  let keys = await cache.keys();
  if (!options.all) {
    const used = await workspace.tracker.referencedKeys();
    keys = keys.filter((k) => used.has(k));
  }
  const corrupt: CorruptEntry[] = [];
  let bytes = 0;
  for (const key of keys) {
    const dir = cache.entryDir(key);
    let stage: string | undefined;
    let problem: string | undefined;
    try {
      const manifest = await readManifest(dir, key);
      stage = manifest.stage;
      problem = await cache.verify(manifest, dir, { fresh: true });
      if (!problem) bytes += Object.values(manifest.sizes ?? {}).reduce((s, n) => s + n, 0);
    } catch (e) {
      if (!(e instanceof CacheCorruptError)) throw e;
      problem = e.message;
    }
    if (problem) {
      await cache.quarantine(key);
      corrupt.push({ key, stage, problem });
    }
    options.onEntry?.(key, problem);
  }
  await cache.saveHashes();
  return { checked: keys.length, bytes, corrupt };
}
