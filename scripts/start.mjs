// npm start / npm run dev: plain Node, so no TypeScript loader stays resident beside the server.
//
// scripts/start.ts (with what it imports from this repository: the migration check, the sandbox) is bundled by
// esbuild into node_modules/.cache/spectrum-ops/, again only when one of its sources changed, and run in this
// process. It prepares the database and the build, then hands over to the Next server in this same process: one
// resident Node process serves the dashboard (npm itself waits beside it, as for any npm script).
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = process.cwd();
const outDir = path.join(root, "node_modules", ".cache", "spectrum-ops");
const outfile = path.join(outDir, "start.mjs");
const metafile = path.join(outDir, "start.meta.json");

/** The bundle is current when it exists and none of its inputs changed since it was written. */
function current() {
  if (!existsSync(outfile) || !existsSync(metafile)) return false;
  const built = statSync(outfile).mtimeMs;
  try {
    const inputs = Object.keys(JSON.parse(readFileSync(metafile, "utf8")).inputs);
    return inputs.every((input) => statSync(path.join(root, input)).mtimeMs <= built);
  } catch {
    return false;
  }
}

if (!current()) {
  const esbuild = await import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [path.join(root, "scripts", "start.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Dependencies are loaded from node_modules as they are; only this repository's own files are bundled.
    packages: "external",
    metafile: true,
    logLevel: "error",
  });
  // The synchronous API leaves esbuild's service process running; it must not stay beside the server.
  esbuild.stop();
  const { writeFileSync } = await import("node:fs");
  writeFileSync(metafile, JSON.stringify(result.metafile));
}

await import(pathToFileURL(outfile).href);
