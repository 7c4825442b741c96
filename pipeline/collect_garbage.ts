/**
 * `gc`: delete cache entries no tracked run references, leftovers of crashed runs in the
 * cache's temp folder, and quarantined corrupt entries.
 *
 * @module
 */
import { join } from "node:path";
import type { Workspace } from "./workspace.ts";

/** What `gc` removed (or would remove with `dryRun`). */
export interface GarbageReport {
  readonly entries: readonly string[];
  readonly temp: readonly string[];
  readonly bytes: number;
}

/**
 * Remove unreferenced entries and dead temporary folders.
 *
 * @param workspace the project's workspace
 * @param options `dryRun`: only report
 * @returns what was (or would be) removed
 */
export async function collectGarbage(workspace: Workspace, options: { dryRun?: boolean } = {}): Promise<GarbageReport> {
  const referenced = await workspace.tracker.referencedKeys();
  const entries = (await workspace.cache.keys()).filter((k) => !referenced.has(k));
  let bytes = 0;
  for (const k of entries) bytes += await sizeOf(workspace.cache.entryDir(k));
  const temp: string[] = [];
  for (const sub of ["tmp", "corrupt"]) {
    const dir = join(workspace.cache.root, sub);
    try {
      for await (const e of Deno.readDir(dir)) {
        if (sub === "tmp" && processAlive(e.name)) continue;
        temp.push(join(dir, e.name));
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  for (const t of temp) bytes += await sizeOf(t);
  if (!options.dryRun) {
    for (const k of entries) await workspace.cache.remove(k);
    for (const t of temp) await Deno.remove(t, { recursive: true }).catch(() => {});
  }
  return { entries, temp, bytes };
}

/** Temp folders are named `<key12>-<pid>-<random>`; on Linux a live pid has a /proc entry. */
function processAlive(name: string): boolean {
  const pid = Number(name.split("-")[1]);
  if (!Number.isInteger(pid)) return false;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return Deno.build.os !== "linux"; // elsewhere: keep, we cannot tell
  }
}

async function sizeOf(path: string): Promise<number> {
  const info = await Deno.stat(path);
  if (!info.isDirectory) return info.size;
  let total = 0;
  for await (const e of Deno.readDir(path)) total += await sizeOf(join(path, e.name));
  return total;
}
