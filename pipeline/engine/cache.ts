/**
 * The content-addressed stage cache: `ROOT/ab/abcdef…/` holds one finished entry (outputs and
 * `manifest.json`). Entries are built in `ROOT/tmp/` and moved in with one atomic rename, so a
 * crash never leaves a half entry that looks complete. A per-key file lock (`flock`, released by
 * the kernel when a process dies, even by SIGKILL) makes concurrent runs compute a shared stage once.
 *
 * @module
 */
import { join, relative } from "node:path";
import { CacheCorruptError } from "../errors.ts";
import type { CacheEntry, Manifest } from "./stage.ts";
import { sha256Hex } from "./sha256.ts";

/** A held lock; call `release()` when done. */
export interface CacheLock {
  release(): void;
}

/** The stage cache under one root folder. */
export class StageCache {
  /** Absolute root folder. */
  readonly root: string;
  #warn: (message: string) => void;

  /**
   * @param root cache folder (created on demand)
   * @param warn where problems with corrupt entries are reported
   */
  constructor(root: string, warn: (message: string) => void = () => {}) {
    this.root = root;
    this.#warn = warn;
  }

  /**
   * Folder of the entry with this key (whether or not it exists).
   *
   * @param key hex key
   * @returns `ROOT/ab/key`
   */
  entryDir(key: string): string {
    return join(this.root, key.slice(0, 2), key);
  }

  /**
   * The finished entry for a key, or `undefined`. A corrupt entry (unreadable manifest, key
   * mismatch, missing output) is reported, moved to `ROOT/corrupt/` and treated as a miss.
   *
   * @param key hex key
   * @returns the entry or `undefined`
   */
  async get(key: string): Promise<CacheEntry | undefined> {
    const dir = this.entryDir(key);
    try {
      await Deno.stat(dir);
    } catch {
      return undefined;
    }
    try {
      const manifest = await readManifest(dir, key);
      return { stage: manifest.stage, key, dir, manifest };
    } catch (e) {
      this.#warn(`Cache entry ${key.slice(0, 12)} is corrupt and will be recomputed: ${(e as Error).message}`);
      await this.#quarantine(dir, key);
      return undefined;
    }
  }

  /**
   * Take the exclusive lock of a key, waiting for another process that holds it.
   *
   * @param key hex key
   * @returns the held lock
   */
  async lock(key: string): Promise<CacheLock> {
    const dir = join(this.root, "locks");
    await Deno.mkdir(dir, { recursive: true });
    const file = await Deno.open(join(dir, `${key}.lock`), { create: true, write: true });
    await file.lock(true);
    return { release: () => file.close() };
  }

  /**
   * The scratch folder of a key that survives a crash (training checkpoints, so a killed run
   * resumes); the runner removes it once the entry is committed.
   *
   * @param key hex key
   * @returns `ROOT/work/key` (not created)
   */
  workDir(key: string): string {
    return join(this.root, "work", key);
  }

  /**
   * A fresh private folder to build an entry in.
   *
   * @param key hex key
   * @returns absolute path of an empty folder under `ROOT/tmp/`
   */
  async tempDir(key: string): Promise<string> {
    const dir = join(this.root, "tmp");
    await Deno.mkdir(dir, { recursive: true });
    return await Deno.makeTempDir({ dir, prefix: `${key.slice(0, 12)}-${Deno.pid}-` });
  }

  /**
   * Finish an entry: hash its outputs into the manifest, write `manifest.json` and rename the
   * folder into place (replacing an older entry of the same key, e.g. under `--force`).
   *
   * @param tempDir folder from {@linkcode StageCache.tempDir} holding the outputs
   * @param manifest the manifest without `outputs`
   * @returns the committed entry
   */
  async commit(tempDir: string, manifest: Omit<Manifest, "outputs">): Promise<CacheEntry> {
    const outputs: Record<string, string> = {};
    for (const file of await listFiles(tempDir)) {
      outputs[relative(tempDir, file)] = await sha256Hex(await Deno.readFile(file));
    }
    const full: Manifest = { ...manifest, outputs };
    await Deno.writeTextFile(join(tempDir, "manifest.json"), JSON.stringify(full, null, 2));
    const dir = this.entryDir(manifest.key);
    await Deno.mkdir(join(dir, ".."), { recursive: true });
    try {
      await Deno.rename(tempDir, dir);
    } catch {
      await this.#quarantine(dir, manifest.key);
      await Deno.rename(tempDir, dir);
    }
    return { stage: full.stage, key: full.key, dir, manifest: full };
  }

  /**
   * Every finished entry's key.
   *
   * @returns keys, sorted
   */
  async keys(): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const fan of Deno.readDir(this.root)) {
        if (!fan.isDirectory || fan.name.length !== 2) continue;
        for await (const e of Deno.readDir(join(this.root, fan.name))) if (e.isDirectory) out.push(e.name);
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    return out.sort();
  }

  /**
   * Delete an entry.
   *
   * @param key hex key
   */
  async remove(key: string): Promise<void> {
    await Deno.remove(this.entryDir(key), { recursive: true }).catch(() => {});
  }

  async #quarantine(dir: string, key: string): Promise<void> {
    const target = join(this.root, "corrupt");
    await Deno.mkdir(target, { recursive: true });
    await Deno.rename(dir, join(target, `${key}-${Date.now()}`)).catch(() => Deno.remove(dir, { recursive: true }));
  }
}

async function readManifest(dir: string, key: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
  } catch (e) {
    throw new CacheCorruptError(`Cannot read the manifest of "${dir}": ${(e as Error).message}`);
  }
  if (manifest.key !== key) throw new CacheCorruptError(`Manifest key "${manifest.key}" differs from folder "${key}"`);
  for (const rel of Object.keys(manifest.outputs ?? {})) {
    try {
      await Deno.stat(join(dir, rel));
    } catch {
      throw new CacheCorruptError(`Output "${rel}" listed in the manifest is missing`);
    }
  }
  return manifest;
}

/**
 * All files under a folder, recursively, sorted.
 *
 * @param dir folder
 * @returns absolute paths
 */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string): Promise<void> {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.isFile) out.push(p);
    }
  }
  await walk(dir);
  return out.sort();
}
