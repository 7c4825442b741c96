/**
 * Which outputs of two cache entries of one stage differ in content: byte hashes for every file,
 * except that a `.duckdb` file whose bytes differ is compared by its tables ({@linkcode duckdbDigest}),
 * since DuckDB does not write byte-identical files for identical tables.
 *
 * @module
 */
import { join } from "node:path";
import { duckdbDigest } from "./duckdb_digest.ts";
import type { CacheEntry } from "./stage.ts";

/**
 * Output paths present in only one entry or with different content.
 *
 * @param a one entry
 * @param b the other
 * @returns relative paths, sorted (empty when the entries hold the same results)
 *
 * @example Usage
 * ```ts ignore
 * import { differingOutputs } from "./differing_outputs.ts";
 * console.log(await differingOutputs(entryOfRunA, entryOfRunB)); // [] when reproducible
 * ```
 */
export async function differingOutputs(a: CacheEntry, b: CacheEntry): Promise<string[]> {
  const x = a.manifest.outputs;
  const y = b.manifest.outputs;
  const out: string[] = [];
  for (const file of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    if (x[file] === y[file]) continue;
    if (x[file] && y[file] && file.endsWith(".duckdb")) {
      const [p, q] = await Promise.all([duckdbDigest(join(a.dir, file)), duckdbDigest(join(b.dir, file))]);
      if (p === q) continue;
    }
    out.push(file);
  }
  return out;
}
