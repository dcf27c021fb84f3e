import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { accessFor, PERMISSIONS, type CurrentUser } from "@/lib/auth/permissions";
import { changePasswordSchema } from "@/lib/schemas/users";
import {
  cleanEnv,
  createTempDatabase,
  MIGRATE_TIMEOUT_MS,
  releasePrisma,
  type TempDatabase,
} from "./support/integration";

type UsersModule = typeof import("@/lib/auth/users");

let db: TempDatabase;
let users: UsersModule;
let restoreEnv: (() => void) | undefined;

beforeAll(async () => {
  db = createTempDatabase("passwords");
  restoreEnv = cleanEnv({ DATABASE_URL: db.url });
  vi.resetModules();
  users = await import("@/lib/auth/users");
}, MIGRATE_TIMEOUT_MS);

afterAll(async () => {
  await releasePrisma();
  restoreEnv?.();
  vi.resetModules();
  db?.remove();
});

const storedHash = (userId: string) =>
  db.use(
    (d) =>
      (
        d.prepare("SELECT password FROM Account WHERE userId = ? AND providerId = 'credential'").get(userId) as {
          password: string;
        }
      ).password,
  );
const sessionCount = (userId: string) =>
  db.use((d) => (d.prepare("SELECT count(*) AS n FROM Session WHERE userId = ?").get(userId) as { n: number }).n);
const mustChange = (userId: string) =>
  db.use(
    (d) => (d.prepare("SELECT mustChangePassword AS m FROM User WHERE id = ?").get(userId) as { m: number }).m === 1,
  );
const events = (email: string) =>
  db.use(
    (d) =>
      d.prepare("SELECT type, actorId, detail FROM AuthEvent WHERE email = ? ORDER BY id").all(email) as {
        type: string;
        actorId: string | null;
        detail: string | null;
      }[],
  );

function addSession(userId: string) {
  const id = Math.random().toString(36).slice(2);
  const now = Date.now();
  db.use(
    (d) =>
      d
        .prepare("INSERT INTO Session (id, expiresAt, token, createdAt, updatedAt, userId) VALUES (?, ?, ?, ?, ?, ?)")
        .run(id, now + 3_600_000, `token-${id}`, now, now, userId),
    { writable: true },
  );
}

describe("an admin's password reset", () => {
  it("replaces the password with a one-time one, ends every session and forces a change", async () => {
    const { user, password: first } = await users.createUser({
      email: "rena@example.test",
      name: "Rena",
      role: "operator",
    });
    addSession(user.id);
    addSession(user.id);
    const { password, user: after } = await users.resetPassword({
      userId: user.id,
      actorId: "admin-1",
      via: "by an admin",
    });
    expect(password).not.toBe(first);
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await verifyPassword({ hash: storedHash(user.id), password })).toBe(true);
    expect(await verifyPassword({ hash: storedHash(user.id), password: first })).toBe(false);
    expect(sessionCount(user.id)).toBe(0);
    expect(mustChange(user.id)).toBe(true);
    expect(after.mustChangePassword).toBe(true);
    expect(events("rena@example.test").at(-1)).toEqual({
      type: "password_reset",
      actorId: "admin-1",
      detail: "by an admin; sessions ended, change required at next sign-in",
    });
  });

  it("from the command line: by email in any case, with a chosen password", async () => {
    const { user } = await users.createUser({ email: "cli@example.test", name: "Cli", role: "viewer" });
    await users.resetPassword({
      email: " CLI@Example.test ",
      password: "chosen-password-123",
      via: "from the command line",
    });
    expect(await verifyPassword({ hash: storedHash(user.id), password: "chosen-password-123" })).toBe(true);
    expect(mustChange(user.id)).toBe(true);
    expect(events("cli@example.test").map((e) => e.type)).toEqual(["user_created", "password_reset"]);
  });

  it("refuses unknown users and single sign-on users, changing nothing", async () => {
    await expect(users.resetPassword({ email: "nobody@example.test", via: "x" })).rejects.toBeInstanceOf(
      users.UserNotFoundError,
    );
    const now = Date.now();
    db.use(
      (d) =>
        d
          .prepare(
            "INSERT INTO User (id, name, email, emailVerified, role, active, createdAt, updatedAt) VALUES ('sso-1', 'Sso', 'sso@example.test', ?, 'viewer', ?, ?, ?)",
          )
          .run(1, 1, now, now),
      { writable: true },
    );
    addSession("sso-1");
    const reset = users.resetPassword({ userId: "sso-1", via: "by an admin" });
    await expect(reset).rejects.toBeInstanceOf(users.NoPasswordError);
    await expect(reset).rejects.toThrow(
      "sso@example.test signs in with single sign-on and has no password here to reset.",
    );
    expect(sessionCount("sso-1")).toBe(1);
    expect(mustChange("sso-1")).toBe(false);
  });

  it("is done once the user changes the password: the flag clears and the change is recorded", async () => {
    const { user } = await users.createUser({ email: "flo@example.test", name: "Flo", role: "operator" });
    await users.resetPassword({ userId: user.id, via: "by an admin" });
    await users.passwordChanged(user);
    expect(mustChange(user.id)).toBe(false);
    expect((await users.listUsers()).find((u) => u.id === user.id)?.mustChangePassword).toBe(false);
    expect(events("flo@example.test").map((e) => e.type)).toEqual([
      "user_created",
      "password_reset",
      "password_changed",
    ]);
  });
});

describe("access while a password change is due", () => {
  const due: CurrentUser = { id: "u", name: "U", email: "u@example.test", role: "admin", mustChangePassword: true };

  it("every permission and plain signed-in use is refused, with the way out", () => {
    for (const requirement of [...PERMISSIONS, "signed-in"] as const) {
      const access = accessFor(due, requirement);
      expect(access).toMatchObject({ ok: false, status: 403, passwordChangeDue: true });
      if (!access.ok) expect(access.message).toContain("/account");
    }
  });

  it("changing the password and signing out stay possible; once changed, the role counts again", () => {
    expect(accessFor(due, "own-account")).toEqual({ ok: true, user: due });
    const changed = { ...due, mustChangePassword: false };
    for (const requirement of [...PERMISSIONS, "signed-in"] as const)
      expect(accessFor(changed, requirement).ok).toBe(true);
    expect(accessFor(null, "own-account")).toMatchObject({ ok: false, status: 401 });
  });
});

describe("the change-password form's schema", () => {
  const valid = {
    currentPassword: "old-password-123",
    newPassword: "new-password-456",
    confirmPassword: "new-password-456",
  };
  const errors = (input: Record<string, string>) => {
    const result = changePasswordSchema.safeParse(input);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("accepts a new password typed twice", () => {
    expect(changePasswordSchema.safeParse(valid).success).toBe(true);
  });

  it("names the field that is wrong", () => {
    expect(errors({ ...valid, currentPassword: "" })).toEqual({ currentPassword: "Enter your current password" });
    expect(errors({ ...valid, newPassword: "short", confirmPassword: "short" })).toEqual({
      newPassword: "The new password must be at least 12 characters",
    });
    expect(errors({ ...valid, confirmPassword: "new-password-457" })).toEqual({
      confirmPassword: "The two new passwords are not the same",
    });
    expect(errors({ ...valid, newPassword: valid.currentPassword, confirmPassword: valid.currentPassword })).toEqual({
      newPassword: "The new password must differ from the current one",
    });
  });
});
