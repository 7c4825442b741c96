/**
 * Whether a process of this host is still running, to tell a live run from one that was killed
 * (its temp folders can go, its tracked status reads `abandoned`).
 *
 * @module
 */

/**
 * Whether `pid` is a live process on this machine. On Linux a live pid has a `/proc` entry;
 * elsewhere the answer is `true` (we cannot tell, so nothing is treated as dead).
 *
 * @param pid process id
 * @returns false only when the process is certainly gone
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { processAlive } from "./process_alive.ts";
 * assert.equal(processAlive(Deno.pid), true);
 * ```
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return Deno.build.os !== "linux";
  }
}
