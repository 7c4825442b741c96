/**
 * Content hashes of raw input files (cohort images, tables), memoised by path, size and
 * mtime in a small JSON state file so an unchanged cohort is not re-read (DVC's state
 * database idea). A directory hashes as the sorted list of its files' relative paths and hashes;
 * symlinks count as their targets (dangling links and loops are skipped).
 *
 * @module
 */
import { join, relative } from "node:path";
import { sha256Hex } from "./sha256.ts";

interface StateRecord {
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
   * @returns hex SHA-256
   * @throws {Deno.errors.NotFound} when the path does not exist
   */
  async hash(path: string): Promise<string> {
    const info = await Deno.stat(path);
    if (info.isDirectory) {
      const files: string[] = [];
      await collect(path, files);
      files.sort();
      const parts: string[] = [];
      for (const f of files) parts.push(`${relative(path, f)}\t${await this.hash(f)}`);
      return await sha256Hex(parts.join("\n"));
    }
    const mtime = info.mtime?.getTime() ?? 0;
    const known = this.#state[path];
    if (known && known.size === info.size && known.mtime === mtime) return known.hash;
    const hash = await sha256Hex(await Deno.readFile(path));
    this.#state[path] = { size: info.size, mtime, hash };
    this.#dirty = true;
    return hash;
  }

  /** Persist the memo (atomically: temp file then rename). */
  async save(): Promise<void> {
    if (!this.#statePath || !this.#dirty) return;
    const tmp = `${this.#statePath}.${Deno.pid}.tmp`;
    await Deno.writeTextFile(tmp, JSON.stringify(this.#state));
    await Deno.rename(tmp, this.#statePath);
    this.#dirty = false;
  }
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
