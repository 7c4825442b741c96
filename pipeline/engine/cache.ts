/**
 * The content-addressed stage cache: `ROOT/ab/abcdef…/` holds one finished entry (outputs and
 * `manifest.json`). Entries are built in `ROOT/tmp/` and moved in with one atomic rename, after every
 * file and folder of the entry was fsync'ed (and the parent folder after it), so neither a crash
 * nor a power cut leaves a half or empty entry that looks complete. A per-key file lock (`flock`,
 * released by the kernel when a process dies, even by SIGKILL) makes concurrent runs compute a
 * shared stage once.
 *
 * A hit is verified before it is used: every output must exist with the size and content hash the
 * manifest records. Hashes are memoised by (device, inode, size, mtime) in `ROOT/hashes.json` (a
 * {@linkcode FileHasher}), so a warm hit costs one `stat` per file; a file whose stat changed is
 * re-hashed (and a DuckDB output re-opened). An entry that fails is moved to `ROOT/corrupt/` with one
 * warning line naming the file, and the stage recomputes.
 *
 * @module
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { dirname, join, relative } from "node:path";
import { CacheCorruptError, DiskFullError } from "../errors.ts";
import { syncPath } from "../durable_write.ts";
import { FileHasher } from "./file_hasher.ts";
import { duckdbDigest } from "./duckdb_digest.ts";
import type { CacheEntry, Manifest } from "./stage.ts";
import { sha256Hex } from "./sha256.ts";

/** A held lock; call `release()` when done. */
export interface CacheLock {
  release(): void;
}

/** Options of {@linkcode StageCache.verify}. */
export interface VerifyEntryOptions {
  /** Re-read every byte even when the hash memo matches the file's stat. @default false */
  readonly fresh?: boolean;
}

/** The stage cache under one root folder. */
export class StageCache {
  /** Absolute root folder. */
  readonly root: string;
  #warn: (message: string) => void;
  #hasher: FileHasher;

  /**
   * @param root cache folder (created on demand)
   * @param warn where problems with corrupt entries are reported
   */
  constructor(root: string, warn: (message: string) => void = () => {}) {
    this.root = root;
    this.#warn = warn;
    this.#hasher = new FileHasher(join(root, "hashes.json"));
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
   * The finished, verified entry for a key, or `undefined`. A corrupt entry (unreadable manifest,
   * key mismatch, an output missing, resized, changed or unreadable) is reported in one line, moved
   * to `ROOT/corrupt/` and treated as a miss.
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
    let manifest: Manifest | undefined;
    try {
      manifest = await readManifest(dir, key);
      const problem = await this.verify(manifest, dir);
      if (problem) throw new CacheCorruptError(problem);
      await this.#hasher.save();
      return { stage: manifest.stage, key, dir, manifest };
    } catch (e) {
      if (!(e instanceof CacheCorruptError)) throw e;
      const where = await this.#quarantine(dir, key);
      this.#warn(
        `cache entry ${key.slice(0, 12)}${manifest ? ` (${manifest.stage})` : ""} is corrupt: ${e.message}; ` +
          `moved to ${relative(this.root, where)}, recomputing`,
      );
      return undefined;
    }
  }

  /**
   * Check every output of an entry against its manifest: present, a file, the recorded size, the
   * recorded content hash (memoised unless `fresh`), and a `.duckdb` output opens when re-hashed.
   *
   * @param manifest the entry's manifest
   * @param dir the entry's folder
   * @param options `fresh`: re-read every byte
   * @returns what is wrong (naming the file), or `undefined` when the entry is sound
   */
  async verify(manifest: Manifest, dir: string, options: VerifyEntryOptions = {}): Promise<string | undefined> {
    for (const [rel, expected] of Object.entries(manifest.outputs ?? {})) {
      const path = join(dir, rel);
      let info: Deno.FileInfo;
      try {
        info = await Deno.stat(path);
      } catch {
        return `output "${rel}" is missing`;
      }
      if (!info.isFile) return `output "${rel}" is not a file`;
      const size = manifest.sizes?.[rel];
      if (size !== undefined && size !== info.size) {
        return `output "${rel}" has ${info.size} bytes, the manifest says ${size}${info.size === 0 ? " (empty)" : ""}`;
      }
      const memoised = !options.fresh && this.#hasher.knows(path, info);
      let hash: string;
      try {
        hash = await this.#hasher.hash(path, options);
      } catch (e) {
        return `output "${rel}" cannot be read: ${(e as Error).message}`;
      }
      if (hash !== expected) {
        return `output "${rel}" differs from the manifest (content ${hash.slice(0, 12)}, expected ${
          expected.slice(0, 12)
        })`;
      }
      if (!memoised && rel.endsWith(".duckdb")) {
        const why = await duckdbProblem(path);
        if (why) return `output "${rel}" does not open as a DuckDB database: ${why}`;
      }
    }
    return undefined;
  }

  /** Persist the hash memo (after {@linkcode StageCache.verify} calls). */
  async saveHashes(): Promise<void> {
    await this.#hasher.save();
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
   * Finish an entry: hash its outputs (and record their sizes) into the manifest, write
   * `manifest.json`, fsync every file and folder, rename the folder into place (replacing an older
   * entry of the same key, e.g. under `--force`) and fsync the parent.
   *
   * @param tempDir folder from {@linkcode StageCache.tempDir} holding the outputs
   * @param manifest the manifest without `outputs` and `sizes`
   * @returns the committed entry
   * @throws {DiskFullError} naming the entry when the disk fills up (nothing is committed)
   */
  async commit(tempDir: string, manifest: Omit<Manifest, "outputs" | "sizes" | "contents">): Promise<CacheEntry> {
    const dir = this.entryDir(manifest.key);
    try {
      const outputs: Record<string, string> = {};
      const sizes: Record<string, number> = {};
      const contents: Record<string, string> = {};
      const files = await listFiles(tempDir);
      for (const file of files) {
        const bytes = await Deno.readFile(file);
        outputs[relative(tempDir, file)] = await sha256Hex(bytes);
        sizes[relative(tempDir, file)] = bytes.length;
        if (file.endsWith(".duckdb")) contents[relative(tempDir, file)] = await duckdbDigest(file);
        await syncPath(file);
      }
      const full: Manifest = { ...manifest, outputs, sizes, contents };
      const manifestPath = join(tempDir, "manifest.json");
      await Deno.writeTextFile(manifestPath, JSON.stringify(full, null, 2));
      await syncPath(manifestPath);
      for (const folder of await listFolders(tempDir)) await syncPath(folder);
      const fan = dirname(dir);
      const fanIsNew = !(await exists(fan));
      await Deno.mkdir(fan, { recursive: true });
      try {
        await Deno.rename(tempDir, dir);
      } catch {
        await this.#quarantine(dir, manifest.key);
        await Deno.rename(tempDir, dir);
      }
      await syncPath(fan);
      if (fanIsNew) await syncPath(this.root);
      for (const file of files) {
        await this.#hasher.remember(join(dir, relative(tempDir, file)), outputs[relative(tempDir, file)]!);
      }
      await this.#hasher.save();
      return { stage: full.stage, key: full.key, dir, manifest: full };
    } catch (e) {
      throw DiskFullError.wrap(e, dir);
    }
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
    this.#hasher.forget(this.entryDir(key));
    await this.#hasher.save();
  }

  /**
   * Move an entry aside to `ROOT/corrupt/` (or delete it when that fails).
   *
   * @param key hex key
   * @returns where it went
   */
  async quarantine(key: string): Promise<string> {
    return await this.#quarantine(this.entryDir(key), key);
  }

  async #quarantine(dir: string, key: string): Promise<string> {
    const target = join(this.root, "corrupt");
    await Deno.mkdir(target, { recursive: true });
    const to = join(target, `${key}-${Date.now()}`);
    await Deno.rename(dir, to).catch(() => Deno.remove(dir, { recursive: true }).catch(() => {}));
    this.#hasher.forget(dir);
    await this.#hasher.save().catch(() => {});
    return to;
  }
}

/**
 * The manifest of an entry folder.
 *
 * @param dir entry folder
 * @param key the key the folder is named by
 * @returns the manifest
 * @throws {CacheCorruptError} when it cannot be read or names another key
 */
export async function readManifest(dir: string, key: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
  } catch (e) {
    throw new CacheCorruptError(`cannot read "manifest.json": ${(e as Error).message}`);
  }
  if (manifest.key !== key) throw new CacheCorruptError(`manifest key "${manifest.key}" differs from the folder`);
  return manifest;
}

async function duckdbProblem(path: string): Promise<string | undefined> {
  try {
    const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
    try {
      const connection = await instance.connect();
      try {
        await connection.run("SELECT count(*) FROM duckdb_tables()");
      } finally {
        connection.closeSync();
      }
    } finally {
      instance.closeSync();
    }
    return undefined;
  } catch (e) {
    return (e as Error).message.split("\n")[0];
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function listFolders(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) if (e.isDirectory) out.push(...await listFolders(join(dir, e.name)));
  out.push(dir);
  return out;
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
