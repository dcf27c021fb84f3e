// Importing the env module validates the configuration at build and start: a bad config fails here.
import "./lib/env.mjs";

// `npm run build:standalone` (scripts/build-standalone.mjs): a self-contained server in .next-standalone/standalone,
// for running without the repository (README › Operations). `npm start` keeps the ordinary build in .next.
const standalone = process.env.SPECTRUM_OPS_STANDALONE === "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  ...(standalone
    ? {
        output: "standalone",
        distDir: ".next-standalone",
      }
    : {}),
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "pino",
    "pino-pretty",
  ],
  // The build checks the app's own code; tests, e2e, scripts and the sandbox are checked by `npm run typecheck`.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  // forbidden(): a page a role may not see answers 403 with the No access page (app/(dashboard)/forbidden.tsx).
  // A bulk send posts its rows (at most 10 MB of upload) to its server action.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "12mb" } },
};

export default nextConfig;
