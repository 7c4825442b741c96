/**
 * Training checkpoints: one folder holding `checkpoint.json` (the commit point) and the weight files
 * it names. Binary files are little-endian float32 arrays laid end to end, named by epoch, written
 * before the JSON that points at them; a training killed mid-write therefore resumes from the
 * previous complete epoch. Every file is fsync'ed before its rename (`writeFileDurably`), so a power
 * cut cannot leave a checkpoint that names empty weights.
 *
 * @module
 */
import { writeFileDurably } from "../durable_write.ts";
import type { UNetConfig } from "./unet3d.ts";

/** Where one array lives in a `.bin` file (offsets in float32 elements). */
export interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly length: number;
}

/** Everything but the arrays; mirrors nanoGPT's `ckpt.pt` fields. */
export interface CheckpointMeta<Log> {
  readonly format: 1;
  readonly config: UNetConfig;
  readonly seed: number;
  readonly backend: string;
  readonly codeVersion: string;
  /** Epochs completed. */
  readonly epoch: number;
  /** Optimiser steps completed. */
  readonly step: number;
  readonly bestMetric: number;
  readonly bestEpoch: number;
  readonly finished: boolean;
  readonly trainIds: readonly string[];
  readonly valIds: readonly string[];
  readonly history: readonly Log[];
}

interface Stored<Log> extends CheckpointMeta<Log> {
  readonly lastFile: string;
  readonly last: readonly TensorEntry[];
  readonly bestFile: string;
  readonly best: readonly TensorEntry[];
}

/** A named array to store. */
export interface Tensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

async function writeBin(path: string, tensors: readonly Tensor[]): Promise<TensorEntry[]> {
  const total = tensors.reduce((s, t) => s + t.values.length, 0);
  const all = new Float32Array(total);
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    all.set(t.values, offset);
    entries.push({ name: t.name, shape: t.shape, offset, length: t.values.length });
    offset += t.values.length;
  }
  await writeFileDurably(path, new Uint8Array(all.buffer));
  return entries;
}

async function readBin(path: string, entries: readonly TensorEntry[]): Promise<Tensor[]> {
  const bytes = await Deno.readFile(path);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return entries.map((e) => ({ name: e.name, shape: e.shape, values: all.slice(e.offset, e.offset + e.length) }));
}

/** Save an epoch: `last` (weights + optimiser state) always, `best` weights when given. */
export async function saveCheckpoint<Log>(
  dir: string,
  meta: CheckpointMeta<Log>,
  last: readonly Tensor[],
  best: readonly Tensor[] | null,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const previous = await readMeta<Log>(dir);
  const lastFile = `last-e${meta.epoch}.bin`;
  const lastIndex = await writeBin(`${dir}/${lastFile}`, last);
  let bestFile = previous?.bestFile ?? "";
  let bestIndex = previous?.best ?? [];
  if (best !== null) {
    bestFile = `best-e${meta.epoch}.bin`;
    bestIndex = await writeBin(`${dir}/${bestFile}`, best);
  }
  const stored: Stored<Log> = { ...meta, lastFile, last: lastIndex, bestFile, best: bestIndex };
  await writeFileDurably(`${dir}/checkpoint.json`, JSON.stringify(stored));
  for (const old of [previous?.lastFile, previous?.bestFile]) {
    if (old && old !== lastFile && old !== bestFile) await Deno.remove(`${dir}/${old}`).catch(() => {});
  }
}

async function readMeta<Log>(dir: string): Promise<Stored<Log> | null> {
  try {
    return JSON.parse(await Deno.readTextFile(`${dir}/checkpoint.json`)) as Stored<Log>;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** Load the latest checkpoint of `dir`, or null when there is none. */
export async function loadCheckpoint<Log>(
  dir: string,
): Promise<{ meta: CheckpointMeta<Log>; last: Tensor[]; best: Tensor[] } | null> {
  const stored = await readMeta<Log>(dir);
  if (stored === null) return null;
  const last = await readBin(`${dir}/${stored.lastFile}`, stored.last);
  const best = stored.bestFile ? await readBin(`${dir}/${stored.bestFile}`, stored.best) : [];
  return { meta: stored, last, best };
}
