import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cancelJobs,
  isActive,
  jobStates,
  slurmUnavailable,
  submitJob,
} from "../../../pipeline/engine/slurm_commands.ts";
import { sbatchArgs } from "../../../pipeline/engine/sbatch_args.ts";
import { ROOT } from "../../_helpers/temp_workspace.ts";

const why = await slurmUnavailable();
const skip = why === null ? "" : ` (skipped: ${why}; start one with tools/slurm_local.sh start)`;
const NEEDS = { cpus: 1, memGb: 0.1, gpus: 0, time: "00:05:00" };

async function settle(ids: string[]): Promise<Map<string, string>> {
  for (;;) {
    const states = await jobStates(ids);
    if (ids.every((id) => states.has(id) && !isActive(states.get(id)!.state))) {
      return new Map(ids.map((id) => [id, states.get(id)!.state]));
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

Deno.test({
  name: `Slurm commands: afterok chains run in order; a failure cancels the dependents${skip}`,
  ignore: why !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "deepmarker-slurm-" });
    try {
      const script = (name: string, body: string) => {
        const path = join(dir, `${name}.sh`);
        Deno.writeTextFileSync(path, `#!/bin/bash\n${body}\n`);
        return path;
      };
      const job = (name: string, after: string[]) =>
        sbatchArgs({ name, log: join(dir, `${name}.log`), needs: NEEDS, after });
      const a = await submitJob(script("a", `echo a > ${dir}/a.txt`), job("a", []));
      const b = await submitJob(script("b", `cat ${dir}/a.txt > ${dir}/b.txt; exit 3`), job("b", [a]));
      const c = await submitJob(script("c", "echo never"), job("c", [b]));
      const states = await settle([a, b, c]);
      assert.deepEqual([...states.values()], ["COMPLETED", "FAILED", "CANCELLED"]);
      assert.equal(await Deno.readTextFile(join(dir, "b.txt")), "a\n");
      await assert.rejects(Deno.stat(join(dir, "c.log")), Deno.errors.NotFound);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `Slurm commands: scancel stops a running job; a bad partition passes Slurm's message on${skip}`,
  ignore: why !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "deepmarker-slurm-" });
    try {
      const path = join(dir, "sleep.sh");
      await Deno.writeTextFile(path, "#!/bin/bash\nsleep 300\n");
      const id = await submitJob(
        path,
        sbatchArgs({ name: "sleep", log: join(dir, "sleep.log"), needs: NEEDS, after: [] }),
      );
      await cancelJobs([id]);
      assert.equal((await settle([id])).get(id), "CANCELLED");
      await assert.rejects(
        submitJob(
          path,
          sbatchArgs({ name: "x", log: join(dir, "x.log"), needs: NEEDS, after: [] }, { partition: "nope" }),
        ),
        /Slurm refused the job: sbatch: error: .*invalid partition/i,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("run --executor slurm: no sbatch on the PATH or an unwritable state folder is one error line", async () => {
  const bin = await Deno.makeTempDir({ prefix: "deepmarker-path-" });
  try {
    await Deno.symlink(Deno.execPath(), join(bin, "deno"));
    const spec = join(bin, "toy.yaml");
    await Deno.writeTextFile(spec, "experiment: toy\nseed: 7\npipeline: toy\n");
    const run = async (env: Record<string, string>) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", join(ROOT, "main.ts"), "run", spec, "--executor", "slurm"],
        cwd: ROOT,
        env: { NO_COLOR: "1", ...env },
        stdout: "piped",
        stderr: "piped",
      }).output();
      return {
        code: out.code,
        err: new TextDecoder().decode(out.stderr).trim().split("\n").filter((l) => !l.startsWith("submission")),
      };
    };
    const noSbatch = await run({ PATH: bin, DEEPMARKER_HOME: join(bin, "home") });
    assert.equal(noSbatch.code, 1);
    assert.deepEqual(noSbatch.err, [
      'error: Cannot submit to Slurm: "sbatch" is not on the PATH',
      "hint: run on a Slurm login node, or run locally (--jobs N)",
    ]);
    const readOnly = await run({ DEEPMARKER_HOME: "/proc/deepmarker" });
    assert.equal(readOnly.code, 1);
    assert.match(readOnly.err[0]!, /^error: Cannot create the state folder "\/proc\/deepmarker": /);
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
});
