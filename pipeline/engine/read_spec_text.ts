/**
 * Reading a spec file within bounds: only a regular file (not `/dev/zero`, a FIFO or a folder) of
 * at most {@linkcode MAX_SPEC_BYTES}, so a wrong path or a hostile `extends:` is refused at once
 * instead of exhausting memory.
 *
 * @module
 */

/** The largest spec file read: 1 MiB (the shipped specs are under 4 KB). */
export const MAX_SPEC_BYTES = 1 << 20;

/**
 * A spec file's text, or why it cannot be read.
 *
 * @param path file
 * @returns the text, or `{ problem }` (e.g. `is not a regular file`, `file not found`)
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readSpecText } from "./read_spec_text.ts";
 * assert.deepEqual(readSpecText("/dev/zero"), { problem: "is not a regular file" });
 * ```
 */
export function readSpecText(path: string): string | { problem: string } {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true });
  } catch (e) {
    return {
      problem: e instanceof Deno.errors.NotFound ? "file not found" : `cannot be read: ${(e as Error).message}`,
    };
  }
  try {
    const info = file.statSync();
    if (!info.isFile) return { problem: info.isDirectory ? "is a folder, not a spec file" : "is not a regular file" };
    if (info.size > MAX_SPEC_BYTES) return { problem: tooLarge(info.size) };
    const buffer = new Uint8Array(MAX_SPEC_BYTES + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = file.readSync(buffer.subarray(length))) !== null;) length += n;
    if (length > MAX_SPEC_BYTES) return { problem: tooLarge(length) };
    return new TextDecoder().decode(buffer.subarray(0, length));
  } catch (e) {
    return { problem: `cannot be read: ${(e as Error).message}` };
  } finally {
    file.close();
  }
}

function tooLarge(bytes: number): string {
  return `is ${(bytes / 1e6).toFixed(1)} MB; a spec may be at most ${MAX_SPEC_BYTES / (1 << 20)} MiB`;
}
