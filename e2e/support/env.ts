import path from "node:path";
import Database from "better-sqlite3";
import { PgConnection } from "../../tests/support/pg-sync";

export const TOKEN = process.env.E2E_SPECTRUM_TOKEN!;
export const SANDBOX_URL = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? 4311}`;
export const TMP_DIR = path.join(process.cwd(), "e2e", ".tmp");
export const DB_FILE = path.join(TMP_DIR, "e2e.db");

/**
 * The dashboard's database: the SQLite file DB_FILE, or, when TEST_DATABASE_URL names a PostgreSQL server
 * (`npm run test:e2e:pg` starts one), the database "spectrum_e2e" on it. e2e/support/serve-dashboard.ts makes it
 * afresh for each run.
 */
export const E2E_DATABASE_URL = process.env.TEST_DATABASE_URL
  ? Object.assign(new URL(process.env.TEST_DATABASE_URL), { pathname: "/spectrum_e2e" }).toString()
  : `file:${DB_FILE}`;
export const E2E_ON_POSTGRES = !E2E_DATABASE_URL.startsWith("file:");

/**
 * Opens the e2e database for reading what the dashboard stored (better-sqlite3's API on either database: see
 * tests/support/pg-sync.ts). Close it when done.
 */
export function openE2eDb(): Database.Database {
  return E2E_ON_POSTGRES
    ? (new PgConnection(E2E_DATABASE_URL) as unknown as Database.Database)
    : new Database(DB_FILE, { readonly: true, fileMustExist: true });
}

/** One user per role, created by e2e/support/serve-dashboard.ts before the server starts. */
export const E2E_USERS = {
  viewer: { name: "Vera Viewer", email: "viewer@e2e.test", password: "viewer-password-0001" },
  operator: { name: "Olive Operator", email: "operator@e2e.test", password: "operator-password-0001" },
  admin: { name: "Ada Admin", email: "admin@e2e.test", password: "admin-password-0001" },
} as const;
export type E2eRole = keyof typeof E2E_USERS;
/**
 * Contexts made inside a test take the project's options, the operator's stored session included:
 * anonymous and other-user contexts must say they start with none.
 */
export const NO_SESSION = { cookies: [], origins: [] };
export const storageStatePath = (role: E2eRole) => path.join(TMP_DIR, "auth", `${role}.json`);

/** The order of a submission left pending by a simulated crash before the e2e server started. */
export const CRASHED_PURCHASE_ORDER = "PO-CRASHED-BEFORE-START";

/** A short unique suffix, so parallel tests never share an order. */
export function uid(): string {
  return Math.random().toString(36).slice(2, 8).toUpperCase();
}

export interface SubmissionRow {
  id: number;
  kind: string;
  state: string;
  httpStatus: number | null;
  message: string | null;
  spectrumDetails: string | null;
  responseBody: string | null;
  requestBody: string;
  purchaseOrderNumber: string;
}

/** Reads the audit log as stored, straight from the throwaway database. */
export function submissionsFor(
  purchaseOrderNumber: string,
): (SubmissionRow & { lines: { recipeSetReadableId: string; outcome: string; message: string | null }[] })[] {
  const db = openE2eDb();
  try {
    const rows = db
      .prepare("SELECT * FROM Submission WHERE purchaseOrderNumber = ? ORDER BY id")
      .all(purchaseOrderNumber) as SubmissionRow[];
    const lines = db.prepare(
      "SELECT recipeSetReadableId, outcome, message FROM SubmissionLineItem WHERE submissionId = ? ORDER BY position",
    );
    return rows.map((row) => ({ ...row, lines: lines.all(row.id) as never }));
  } finally {
    db.close();
  }
}
