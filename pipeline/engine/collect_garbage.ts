/**
 * `gc`: delete cache entries no tracked run references, leftovers of crashed runs in the
 * cache's temp folder, quarantined corrupt entries, and stage work folders (`work/<key>`) whose entry
 * was committed. Work folders of unfinished stages hold resumable checkpoints (e.g. a training
 * interrupted at epoch 40): they are kept and listed unless `checkpoints` is set, and never removed
 * while a running stage holds the key's lock. Lock files (`locks/`, empty) are kept: deleting one
 * while another process waits on it would let two processes hold "the" lock.
 *
 * @module
 */
import { join } from "node:path";
import type { Workspace } from "./workspace.ts";

/** What `gc` removed (or would remove with `dryRun`). */
export interface GarbageReport {
  /** Unreferenced cache keys. */
  readonly entries: readonly string[];
  /** Each unreferenced entry's stage and size in bytes (what removing it frees). */
  readonly entrySizes: Readonly<Record<string, { readonly stage: string; readonly bytes: number }>>;
  /** Temporary and quarantined folders. */
  readonly temp: readonly string[];
  /** Work folders removed: of committed entries, and checkpoints when `checkpoints` is set. */
  readonly work: readonly string[];
  /** Resumable checkpoints kept (stages that never finished), with their size. */
  readonly checkpoints: readonly { readonly key: string; readonly bytes: number }[];
  /** Bytes freed (or that would be). */
  readonly bytes: number;
}

/** Options of {@linkcode collectGarbage}. */
export interface CollectGarbageOptions {
  /** Only report. @default false */
  readonly dryRun?: boolean;
  /** Also delete the checkpoints of unfinished stages (not ones a running stage holds). @default false */
  readonly checkpoints?: boolean;
}

/**
 * Remove unreferenced entries and dead temporary folders.
 *
 * @param workspace the project's workspace
 * @param options dry run, checkpoints
 * @returns what was (or would be) removed
 */
export async function collectGarbage(
  workspace: Workspace,
  options: CollectGarbageOptions = {},
): Promise<GarbageReport> {
  const referenced = await workspace.tracker.referencedKeys();
  const keys = await workspace.cache.keys();
  const entries = keys.filter((k) => !referenced.has(k));
  let bytes = 0;
  const entrySizes: Record<string, { stage: string; bytes: number }> = {};
  for (const k of entries) {
    const size = await sizeOf(workspace.cache.entryDir(k));
    const stage = (await workspace.cache.get(k))?.stage ?? "corrupt";
    entrySizes[k] = { stage, bytes: size };
    bytes += size;
  }
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
  const work = await collectWork(workspace, new Set(keys), options);
  return { entries, entrySizes, temp, work: work.removed, checkpoints: work.kept, bytes: bytes + work.bytes };
}

/** Work folders: removed when their stage committed an entry (`committed`, keys before this gc), or as asked. */
async function collectWork(
  workspace: Workspace,
  committed: ReadonlySet<string>,
  options: CollectGarbageOptions,
): Promise<{ removed: string[]; kept: { key: string; bytes: number }[]; bytes: number }> {
  const root = join(workspace.cache.root, "work");
  const removed: string[] = [];
  const kept: { key: string; bytes: number }[] = [];
  let bytes = 0;
  for (const key of await folderNames(root)) {
    const dir = join(root, key);
    const size = await sizeOf(dir);
    const lock = await tryLockKey(workspace.cache.root, key);
    try {
      if (lock === undefined || !(committed.has(key) || options.checkpoints)) {
        kept.push({ key, bytes: size });
        continue;
      }
      removed.push(dir);
      bytes += size;
      if (!options.dryRun) await Deno.remove(dir, { recursive: true });
    } finally {
      lock?.close();
    }
  }
  return { removed, kept, bytes };
}

/** The key's lock file, locked, or undefined while a running stage holds it. */
async function tryLockKey(cacheRoot: string, key: string): Promise<Deno.FsFile | undefined> {
  const dir = join(cacheRoot, "locks");
  await Deno.mkdir(dir, { recursive: true });
  const file = await Deno.open(join(dir, `${key}.lock`), { create: true, write: true });
  if (await file.tryLock(true)) return file;
  file.close();
  return undefined;
}

async function folderNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isDirectory) names.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
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
