// deno-lint-ignore-file no-console -- the CLI and developer scripts talk to the terminal
/** `deno task size`: lines per source file and per folder, and the total (STYLE C3). */
import { dirname, join } from "node:path";
import { sourceFiles } from "./_source_files.ts";

const root = new URL("../", import.meta.url).pathname;
const CAP = 60000;
const perFolder = new Map<string, number>();
let total = 0;
const rows: Array<[string, number]> = [];
for (const f of await sourceFiles(root)) {
  const n = (await Deno.readTextFile(join(root, f))).split("\n").length;
  rows.push([f, n]);
  perFolder.set(dirname(f), (perFolder.get(dirname(f)) ?? 0) + n);
  total += n;
}
for (const [f, n] of rows.sort((a, b) => b[1] - a[1])) {
  console.log(`${String(n).padStart(6)}  ${f}${n > 400 ? "  (over 400)" : ""}`);
}
console.log("");
for (const [d, n] of [...perFolder].sort()) console.log(`${String(n).padStart(6)}  ${d}/`);
console.log(`${String(total).padStart(6)}  total (cap ${CAP})`);
if (total > CAP) Deno.exit(1);
