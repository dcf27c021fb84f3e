// ESLint: Next.js's flat config (React, hooks, accessibility, Next rules) with typescript-eslint, Prettier's
// formatting left to Prettier, and the layer rules of CONTRIBUTING.md.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

/** Modules that run only on the server (they import "server-only", the database, the session or the env). */
const SERVER_ONLY = [
  "@/lib/db/*",
  "@/lib/auth/auth",
  "@/lib/auth/session",
  "@/lib/auth/users",
  "@/lib/auth/events",
  "@/lib/spectrum/client",
  "@/lib/spectrum/submit",
  "@/lib/spectrum/limiter",
  "@/lib/spectrum/lookup-order",
  "@/lib/spectrum/configured-kinds",
  "@/lib/guard/check",
  "@/lib/env.mjs",
  "@/lib/form-prefill",
  "@/lib/actions/validated-action",
  "@/lib/actions/create-validated-action",
  "@/lib/actions/send-action",
  "@/lib/actions/guard-actions",
];

const NO_SANDBOX = {
  group: ["@/sandbox/*", "**/sandbox/*"],
  message:
    "The sandbox is test and demo code: production code never imports it (demo data: lib/spectrum/sandbox-demo.ts).",
};

/** process.env.SPECTRUM_API_TOKEN, process.env["SPECTRUM_API_TOKEN"], or destructured from process.env */
const TOKEN_READS = [
  "MemberExpression[object.object.name='process'][object.property.name='env'][property.name='SPECTRUM_API_TOKEN']",
  "MemberExpression[object.object.name='process'][object.property.name='env'][property.value='SPECTRUM_API_TOKEN']",
  "VariableDeclarator[init.object.name='process'][init.property.name='env'] Property[key.name='SPECTRUM_API_TOKEN']",
].map((selector) => ({ selector, message: "Only lib/spectrum/client.ts reads SPECTRUM_API_TOKEN." }));

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  prettier,
  globalIgnores([
    ".next/**",
    ".next-standalone/**",
    "generated/**",
    "e2e/.tmp/**",
    "data/**",
    "next-env.d.ts",
    "*.tsbuildinfo",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Playwright's fixtures call `use`, which is not React's.
    files: ["e2e/**/*.ts", "tests/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: SERVER_ONLY,
              allowTypeImports: true,
              message:
                "Components import only types and pure modules from lib/: get data as props, send through an action.",
            },
            NO_SANDBOX,
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx,mjs}"],
    ignores: ["components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NO_SANDBOX] }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx,mjs}"],
    ignores: ["lib/spectrum/client.ts"],
    rules: { "no-restricted-syntax": ["error", ...TOKEN_READS] },
  },
]);
