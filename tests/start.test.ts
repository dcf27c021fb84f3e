import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The start command refuses a bad configuration before building or serving anything.
function start(env: Record<string, string>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, PORT: "0" };
  for (const key of Object.keys(childEnv)) if (key.startsWith("SPECTRUM_")) delete childEnv[key];
  return spawnSync(process.execPath, ["scripts/start.mjs"], {
    env: { ...childEnv, ...env } as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("npm start with a bad configuration", () => {
  it("a real base URL without a token is a clear startup error", () => {
    const run = start({ SPECTRUM_BASE_URL: "https://api.spectrumcustomizer.com" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("SPECTRUM_API_TOKEN: is required when SPECTRUM_BASE_URL is set");
    expect(run.stdout).not.toContain("Building");
  });

  it("plain http to a remote Spectrum is refused", () => {
    const run = start({ SPECTRUM_BASE_URL: "http://spectrum.example.com", SPECTRUM_API_TOKEN: "secret-value-xyz" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("SPECTRUM_BASE_URL: must use https");
    expect(run.stderr + run.stdout).not.toContain("secret-value-xyz");
  });
});
