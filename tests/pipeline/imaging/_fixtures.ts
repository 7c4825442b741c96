/** Test helpers for imaging tests: fixture paths, temp dirs, same-length byte patches. */

export const FIX = new URL("../../../fixtures/data/", import.meta.url).pathname;

/** Runs `fn` with a fresh temp dir, removed afterwards. */
export async function withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "deepmarker_imaging_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Copies every file of `from` into `to` (created), optionally skipping names. */
export async function copyDir(from: string, to: string, skip: (name: string) => boolean = () => false) {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isFile && !skip(e.name)) await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

/** Replaces the first occurrence of ASCII `find` by `replace` (same length) in the file, in place. */
export async function patchFile(path: string, find: string, replace: string): Promise<void> {
  if (find.length !== replace.length) throw new Error("patch must keep the length");
  const bytes = await Deno.readFile(path);
  const text = new TextDecoder("latin1").decode(bytes);
  const at = text.indexOf(find);
  if (at < 0) throw new Error(`"${find}" not in ${path}`);
  bytes.set(new TextEncoder().encode(replace), at);
  await Deno.writeFile(path, bytes);
}

/** Number of positions where two arrays differ (plus the length difference). */
export function countDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = Math.abs(a.length - b.length);
  for (let n = 0; n < Math.min(a.length, b.length); n++) if (a[n] !== b[n]) d++;
  return d;
}
