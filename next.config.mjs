// Importing the env module validates the configuration at build and start: a bad config fails here.
import "./lib/env.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  // The build checks the app's own code; tests, e2e, scripts and the sandbox are checked by `npm run typecheck`.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  // forbidden(): a page a role may not see answers 403 with the No access page (app/(dashboard)/forbidden.tsx).
  experimental: { authInterrupts: true },
};

export default nextConfig;
