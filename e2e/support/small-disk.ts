// A small disk for the audit database (a tmpfs mount, which needs root, as CI has), and a way to fill it.
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

export interface SmallDisk {
  dir: string;
  /** writes a filler file until the disk has no space left */
  fill(): void;
  /** removes the filler */
  free(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeMb` at `dir`, or returns null with the reason when this machine does not allow it. */
export function mountSmallDisk(dir: string, sizeMb: number): SmallDisk | { error: string } {
  mkdirSync(dir, { recursive: true });
  const mount = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", dir], { encoding: "utf8" });
  if (mount.status !== 0)
    return { error: `cannot mount a tmpfs here (${(mount.stderr || mount.error?.message || "").trim()})` };
  const filler = path.join(dir, "filler");
  return {
    dir,
    fill() {
      const fd = openSync(filler, "a");
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      } finally {
        closeSync(fd);
      }
      // Whatever partial block is left, take it too.
      const small = openSync(filler, "a");
      try {
        for (;;) writeSync(small, Buffer.alloc(512, 1));
      } catch {
        // full
      } finally {
        closeSync(small);
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount() {
      spawnSync("umount", ["-l", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
