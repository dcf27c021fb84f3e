import { beforeAll, describe, expect, it } from "vitest";

type EnvModule = typeof import("@/lib/env.mjs");
let parseEnv: EnvModule["parseEnv"];
let PRODUCTION_BASE_URL: string;

beforeAll(async () => {
  // lib/env.mjs also parses process.env when imported: make sure a developer's shell settings cannot break that.
  for (const key of Object.keys(process.env)) if (key.startsWith("SPECTRUM_")) delete process.env[key];
  ({ parseEnv, PRODUCTION_BASE_URL } = await import("@/lib/env.mjs"));
});

function parseError(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return (err as Error).message;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

describe("parseEnv", () => {
  it("with nothing set: not configured, defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      spectrumBaseUrl: undefined,
      environmentName: "Not configured",
      isProduction: false,
      isSandbox: false,
      timeoutMs: 15_000,
      rateLimitPerMinute: 90,
    });
    expect(env.databaseUrl).toMatch(/^file:\/.*spectrum-ops\.db$/);
  });

  it.each([undefined, "", "   "])(
    "a base URL without a token (%j) throws a readable error naming SPECTRUM_API_TOKEN",
    (token) => {
      const message = parseError({
        SPECTRUM_BASE_URL: "https://api.spectrumcustomizer.com",
        SPECTRUM_API_TOKEN: token,
      });
      expect(message).toMatch(/^Invalid Spectrum Ops configuration:/);
      expect(message).toContain("SPECTRUM_API_TOKEN: is required when SPECTRUM_BASE_URL is set");
      expect(message).toContain("https://api.spectrumcustomizer.com");
    },
  );

  it.each(["http://api.spectrumcustomizer.com", "http://staging.example.com:8080/"])(
    "rejects http:// on a non-loopback host: %s",
    (url) => {
      const message = parseError({ SPECTRUM_BASE_URL: url, SPECTRUM_API_TOKEN: "t" });
      expect(message).toContain("SPECTRUM_BASE_URL: must use https");
    },
  );

  it.each(["http://localhost:4010", "http://127.0.0.1:4010", "http://[::1]:4010"])(
    "accepts http:// on loopback %s",
    (url) => {
      expect(parseEnv({ SPECTRUM_BASE_URL: url, SPECTRUM_API_TOKEN: "t" }).spectrumBaseUrl).toBe(url);
    },
  );

  it.each(["ftp://api.spectrumcustomizer.com", "not a url", "api.spectrumcustomizer.com"])(
    "rejects a non-http(s) URL: %s",
    (url) => {
      expect(parseError({ SPECTRUM_BASE_URL: url, SPECTRUM_API_TOKEN: "t" })).toContain(
        "SPECTRUM_BASE_URL: must be an http(s) URL",
      );
    },
  );

  it("rejects SPECTRUM_SANDBOX with a non-loopback URL", () => {
    const message = parseError({
      SPECTRUM_BASE_URL: "https://staging.example.com",
      SPECTRUM_API_TOKEN: "t",
      SPECTRUM_SANDBOX: "1",
    });
    expect(message).toContain("SPECTRUM_SANDBOX:");
    expect(message).toContain("loopback");
  });

  it("lists every problem at once", () => {
    const message = parseError({
      SPECTRUM_BASE_URL: "http://example.com",
      SPECTRUM_SANDBOX: "true",
      SPECTRUM_TIMEOUT_MS: "5",
    });
    for (const key of ["SPECTRUM_API_TOKEN", "SPECTRUM_SANDBOX", "SPECTRUM_BASE_URL", "SPECTRUM_TIMEOUT_MS"]) {
      expect(message).toContain(`  - ${key}: `);
    }
  });

  it("production URL → Production, isProduction", () => {
    const env = parseEnv({ SPECTRUM_BASE_URL: PRODUCTION_BASE_URL, SPECTRUM_API_TOKEN: "t" });
    expect(env).toMatchObject({
      spectrumBaseUrl: "https://api.spectrumcustomizer.com",
      environmentName: "Production",
      isProduction: true,
      isSandbox: false,
    });
  });

  it("another https URL → Staging, not production", () => {
    const env = parseEnv({ SPECTRUM_BASE_URL: "https://staging.spectrumcustomizer.com", SPECTRUM_API_TOKEN: "t" });
    expect(env).toMatchObject({ environmentName: "Staging", isProduction: false });
  });

  it.each(["1", "true"])("loopback sandbox (SPECTRUM_SANDBOX=%s) → Sandbox", (flag) => {
    const env = parseEnv({
      SPECTRUM_BASE_URL: "http://127.0.0.1:4010",
      SPECTRUM_API_TOKEN: "t",
      SPECTRUM_SANDBOX: flag,
    });
    expect(env).toMatchObject({ environmentName: "Sandbox", isSandbox: true, isProduction: false });
  });

  it.each(["0", "false", ""])("SPECTRUM_SANDBOX=%j is off", (flag) => {
    expect(
      parseEnv({ SPECTRUM_BASE_URL: "http://127.0.0.1:4010", SPECTRUM_API_TOKEN: "t", SPECTRUM_SANDBOX: flag })
        .isSandbox,
    ).toBe(false);
  });

  it("rejects an unknown SPECTRUM_SANDBOX value", () => {
    expect(parseError({ SPECTRUM_SANDBOX: "yes" })).toContain("SPECTRUM_SANDBOX");
  });

  it("respects a custom environment name (trimmed), and a name containing 'prod' marks production", () => {
    const staging = parseEnv({
      SPECTRUM_BASE_URL: "https://staging.example.com",
      SPECTRUM_API_TOKEN: "t",
      SPECTRUM_ENVIRONMENT_NAME: "  UAT EU ",
    });
    expect(staging).toMatchObject({ environmentName: "UAT EU", isProduction: false });
    const sandbox = parseEnv({
      SPECTRUM_BASE_URL: "http://localhost:4010",
      SPECTRUM_API_TOKEN: "t",
      SPECTRUM_SANDBOX: "1",
      SPECTRUM_ENVIRONMENT_NAME: "Local demo",
    });
    expect(sandbox).toMatchObject({ environmentName: "Local demo", isSandbox: true });
    const named = parseEnv({
      SPECTRUM_BASE_URL: "https://eu.example.com",
      SPECTRUM_API_TOKEN: "t",
      SPECTRUM_ENVIRONMENT_NAME: "EU Prod",
    });
    expect(named.isProduction).toBe(true);
    // the production URL stays production whatever it is called
    expect(
      parseEnv({ SPECTRUM_BASE_URL: PRODUCTION_BASE_URL, SPECTRUM_API_TOKEN: "t", SPECTRUM_ENVIRONMENT_NAME: "Live" }),
    ).toMatchObject({
      environmentName: "Live",
      isProduction: true,
    });
  });

  it("trims trailing slashes from the base URL", () => {
    expect(
      parseEnv({ SPECTRUM_BASE_URL: "https://api.spectrumcustomizer.com/", SPECTRUM_API_TOKEN: "t" }).spectrumBaseUrl,
    ).toBe("https://api.spectrumcustomizer.com");
    expect(
      parseEnv({ SPECTRUM_BASE_URL: "https://example.com/spectrum///", SPECTRUM_API_TOKEN: "t" }).spectrumBaseUrl,
    ).toBe("https://example.com/spectrum");
  });

  it("parses timeout and rate limit, within bounds", () => {
    expect(parseEnv({ SPECTRUM_TIMEOUT_MS: "2500", SPECTRUM_RATE_LIMIT_PER_MINUTE: "50" })).toMatchObject({
      timeoutMs: 2500,
      rateLimitPerMinute: 50,
    });
    expect(parseError({ SPECTRUM_TIMEOUT_MS: "99" })).toContain("SPECTRUM_TIMEOUT_MS");
    expect(parseError({ SPECTRUM_TIMEOUT_MS: "abc" })).toContain("SPECTRUM_TIMEOUT_MS");
    expect(parseError({ SPECTRUM_RATE_LIMIT_PER_MINUTE: "100" })).toContain("SPECTRUM_RATE_LIMIT_PER_MINUTE");
  });

  it("a rate limit past Spectrum's 100 a minute is only for a sandbox or stub on this machine", () => {
    const stub = { SPECTRUM_BASE_URL: "http://127.0.0.1:4999", SPECTRUM_API_TOKEN: "t" };
    expect(parseEnv({ ...stub, SPECTRUM_SANDBOX: "1", SPECTRUM_RATE_LIMIT_PER_MINUTE: "100000" })).toMatchObject({
      rateLimitPerMinute: 100000,
    });
    expect(parseError({ ...stub, SPECTRUM_RATE_LIMIT_PER_MINUTE: "100000" })).toContain("must be at most 99");
    expect(
      parseError({
        SPECTRUM_BASE_URL: "https://api.spectrumcustomizer.com",
        SPECTRUM_API_TOKEN: "t",
        SPECTRUM_RATE_LIMIT_PER_MINUTE: "500",
      }),
    ).toContain("SPECTRUM_RATE_LIMIT_PER_MINUTE");
  });

  it("treats blank numeric settings as unset, like a blank SPECTRUM_SANDBOX", () => {
    expect(
      parseEnv({ SPECTRUM_SANDBOX: "", SPECTRUM_TIMEOUT_MS: "", SPECTRUM_RATE_LIMIT_PER_MINUTE: "" }),
    ).toMatchObject({
      isSandbox: false,
      timeoutMs: 15_000,
      rateLimitPerMinute: 90,
    });
  });

  it("never returns the token, nor puts it in an error", () => {
    const token = "sk-live-9f8e7d6c5b4a";
    const env = parseEnv({ SPECTRUM_BASE_URL: PRODUCTION_BASE_URL, SPECTRUM_API_TOKEN: `  ${token} ` });
    expect(JSON.stringify(env)).not.toContain(token);
    expect(Object.values(env)).not.toContain(token);
    const message = parseError({
      SPECTRUM_BASE_URL: "http://example.com",
      SPECTRUM_API_TOKEN: token,
      SPECTRUM_SANDBOX: "1",
    });
    expect(message).not.toContain(token);
  });
});

describe("parseEnv: sign-in settings", () => {
  const oidc = {
    OIDC_DISCOVERY_URL: "https://accounts.example.com/.well-known/openid-configuration",
    OIDC_CLIENT_ID: "client-id",
    OIDC_CLIENT_SECRET: "client-secret-value",
    OIDC_ALLOWED_DOMAINS: "Example.com, @ops.example.org",
  };

  it("single sign-on is off unless configured; sessions idle out after 8 hours by default", () => {
    expect(parseEnv({})).toMatchObject({ oidc: null, sessionIdleMinutes: 480 });
    expect(parseEnv({ SESSION_IDLE_MINUTES: "30" }).sessionIdleMinutes).toBe(30);
    expect(parseError({ SESSION_IDLE_MINUTES: "1" })).toContain("SESSION_IDLE_MINUTES");
  });

  it("reads an OpenID Connect provider, normalising the allowed domains, without exposing the client secret", () => {
    const env = parseEnv({ ...oidc, OIDC_PROVIDER_NAME: "Google Workspace" });
    expect(env.oidc).toEqual({
      discoveryUrl: oidc.OIDC_DISCOVERY_URL,
      clientId: "client-id",
      name: "Google Workspace",
      allowedDomains: ["example.com", "ops.example.org"],
    });
    expect(JSON.stringify(env)).not.toContain("client-secret-value");
  });

  it("an incomplete or insecure provider configuration is a clear startup error", () => {
    expect(parseError({ OIDC_DISCOVERY_URL: oidc.OIDC_DISCOVERY_URL, OIDC_CLIENT_ID: "x" })).toContain(
      "single sign-on also needs OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ALLOWED_DOMAINS",
    );
    expect(
      parseError({ ...oidc, OIDC_DISCOVERY_URL: "http://accounts.example.com/.well-known/openid-configuration" }),
    ).toContain("OIDC_DISCOVERY_URL");
    // A provider on this machine (the e2e mock) may use http.
    const local = "http://127.0.0.1:4312/.well-known/openid-configuration";
    expect(parseEnv({ ...oidc, OIDC_DISCOVERY_URL: local }).oidc?.discoveryUrl).toBe(local);
  });

  it("a short session secret is refused, and the secret never appears in the result", () => {
    expect(parseError({ BETTER_AUTH_SECRET: "too-short" })).toContain(
      "BETTER_AUTH_SECRET: must be at least 32 characters",
    );
    const env = parseEnv({ BETTER_AUTH_SECRET: "s".repeat(40), BETTER_AUTH_URL: "https://ops.example.com/" });
    expect(env.authUrl).toBe("https://ops.example.com");
    expect(JSON.stringify(env)).not.toContain("s".repeat(40));
  });
});
