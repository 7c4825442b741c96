/**
 * Writes that survive a power cut: data is fsync'ed before the rename that publishes it, and the
 * folder that holds the new name is fsync'ed after, so after a crash a file is either absent, the
 * old version, or complete — never empty or half written. A full disk is reported as a
 * {@linkcode DiskFullError} naming the path.
 *
 * @module
 */
import { dirname } from "node:path";
import { DiskFullError } from "./errors.ts";

/**
 * Flush a file's data, or a folder's entries, to stable storage.
 *
 * @param path file or folder
 *
 * @example Usage
 * ```ts
 * import { syncPath } from "./durable_write.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "a");
 * await syncPath(`${dir}/a.txt`);
 * await syncPath(dir);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function syncPath(path: string): Promise<void> {
  const file = await Deno.open(path, { read: true });
  try {
    await file.sync();
  } finally {
    file.close();
  }
}

/**
 * Replace `path` with `data` atomically and durably: write a sibling temp file, fsync it, rename
 * it over `path`, fsync the folder. On failure the temp file is removed and `path` is unchanged.
 *
 * @param path destination
 * @param data bytes or text
 * @throws {DiskFullError} when the disk is full (naming `path`)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFileDurably } from "./durable_write.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileDurably(`${dir}/state.json`, "{}");
 * assert.equal(await Deno.readTextFile(`${dir}/state.json`), "{}");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileDurably(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${Deno.pid}.tmp`;
  try {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
    try {
      for (let done = 0; done < bytes.length;) done += await file.write(bytes.subarray(done));
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
    await syncPath(dirname(path));
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw DiskFullError.wrap(e, path);
  }
}
