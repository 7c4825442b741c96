/**
 * Content hashes of files (cohort images, tables, cache outputs), memoised in a small JSON state file
 * by path and the file's (device, inode, size, mtime) — DVC's state database idea: a file whose
 * stat is unchanged is not re-read; any change of those four re-hashes it. A directory hashes as
 * the sorted list of its files' relative paths and hashes; symlinks count as their targets
 * (dangling links and loops are skipped).
 *
 * @module
 */
import { join, relative, sep } from "node:path";
import { writeFileDurably } from "../durable_write.ts";
import { sha256Hex } from "./sha256.ts";

interface StateRecord {
  dev: number;
  ino: number;
  size: number;
  mtime: number;
  hash: string;
}

/** Hashes files and folders, remembering results across runs. */
export class FileHasher {
  #statePath: string | undefined;
  #state: Record<string, StateRecord> = {};
  #dirty = false;

  /**
   * @param statePath JSON file that memoises hashes; omit to keep them in memory only
   */
  constructor(statePath?: string) {
    this.#statePath = statePath;
    if (statePath) {
      try {
        this.#state = JSON.parse(Deno.readTextFileSync(statePath));
      } catch {
        this.#state = {};
      }
    }
  }

  /**
   * Hash a file or a folder (recursively, files sorted by relative path).
   *
   * @param path file or directory
   * @param options `fresh`: re-read every byte even when the memo matches (the result is memoised)
   * @returns hex SHA-256
   * @throws {Deno.errors.NotFound} when the path does not exist
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { FileHasher } from "./file_hasher.ts";
   * const dir = await Deno.makeTempDir();
   * await Deno.writeTextFile(`${dir}/a.txt`, "abc");
   * const hasher = new FileHasher();
   * assert.equal((await hasher.hash(`${dir}/a.txt`)).slice(0, 8), "ba7816bf");
   * await Deno.remove(dir, { recursive: true });
   * ```
   */
  async hash(path: string, options: { fresh?: boolean } = {}): Promise<string> {
    const info = await Deno.stat(path);
    if (info.isDirectory) {
      const files: string[] = [];
      await collect(path, files);
      files.sort();
      const parts: string[] = [];
      for (const f of files) parts.push(`${relative(path, f)}\t${await this.hash(f, options)}`);
      return await sha256Hex(parts.join("\n"));
    }
    const known = this.#state[path];
    if (!options.fresh && known && sameStat(known, info)) return known.hash;
    const hash = await sha256Hex(await Deno.readFile(path));
    this.#record(path, info, hash);
    return hash;
  }

  /**
   * Whether `path`'s memo is current (its stat matches): then {@linkcode FileHasher.hash} reads nothing.
   *
   * @param path a file
   * @param info its stat
   * @returns true when the memo can answer
   */
  knows(path: string, info: Deno.FileInfo): boolean {
    const known = this.#state[path];
    return known !== undefined && sameStat(known, info);
  }

  /**
   * Memoise a hash computed elsewhere (e.g. while committing a cache entry), for the file's current stat.
   *
   * @param path a file
   * @param hash its hex SHA-256
   */
  async remember(path: string, hash: string): Promise<void> {
    this.#record(path, await Deno.stat(path), hash);
  }

  /**
   * Drop the memo of a file and of everything under it (a removed or quarantined folder).
   *
   * @param path file or folder
   */
  forget(path: string): void {
    for (const p of Object.keys(this.#state)) {
      if (p === path || p.startsWith(path + sep)) {
        delete this.#state[p];
        this.#dirty = true;
      }
    }
  }

  /** Persist the memo durably (temp file, fsync, rename, fsync of the folder). */
  async save(): Promise<void> {
    if (!this.#statePath || !this.#dirty) return;
    await writeFileDurably(this.#statePath, JSON.stringify(this.#state));
    this.#dirty = false;
  }

  #record(path: string, info: Deno.FileInfo, hash: string): void {
    this.#state[path] = {
      dev: info.dev ?? 0,
      ino: info.ino ?? 0,
      size: info.size,
      mtime: info.mtime?.getTime() ?? 0,
      hash,
    };
    this.#dirty = true;
  }
}

function sameStat(known: StateRecord, info: Deno.FileInfo): boolean {
  return known.size === info.size && known.mtime === (info.mtime?.getTime() ?? 0) &&
    known.dev === (info.dev ?? 0) && known.ino === (info.ino ?? 0);
}

async function collect(dir: string, out: string[], seen = new Set<string>()): Promise<void> {
  seen.add(await Deno.realPath(dir));
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    // a symlink counts as what it points to (a cohort of links to the data); dangling ones and loops do not
    const info = e.isSymlink ? await Deno.stat(p).catch(() => undefined) : e;
    if (info?.isDirectory) {
      if (!seen.has(await Deno.realPath(p))) await collect(p, out, seen);
    } else if (info?.isFile) out.push(p);
  }
}
