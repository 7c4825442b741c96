/**
 * SHA-256 helpers (Web Crypto) for cache keys and file fingerprints.
 *
 * @module
 */

/**
 * Hex SHA-256 of text (UTF-8) or bytes.
 *
 * @param data text or bytes
 * @returns 64 lowercase hex digits
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Hex } from "./sha256.ts";
 * assert.equal(await sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
 * ```
 */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
