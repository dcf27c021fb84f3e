import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { prisma } from "@/lib/db/client";
import { recordAuthEvent } from "./events";
import type { Role } from "./permissions";

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  /** reset by an admin and not yet changed by its owner */
  mustChangePassword: boolean;
  createdAt: string;
}

/** A readable random password (about 120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

export class UserExistsError extends Error {}

/** Creates an email + password user (better-auth's "credential" account). Returns the password to hand over. */
export async function createUser(input: {
  email: string;
  name: string;
  role: Role;
  password?: string;
  actorId?: string | null;
}): Promise<{ user: UserRow; password: string }> {
  const email = input.email.trim().toLowerCase();
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new UserExistsError(`A user with the email ${email} already exists`);
  }
  const password = input.password ?? generatePassword();
  const id = randomUUID();
  const now = new Date();
  const row = await prisma.user.create({
    data: {
      id,
      email,
      name: input.name.trim(),
      role: input.role,
      active: true,
      emailVerified: true,
      createdAt: now,
      updatedAt: now,
      accounts: {
        create: {
          id: randomUUID(),
          accountId: id,
          providerId: "credential",
          password: await hashPassword(password),
          createdAt: now,
          updatedAt: now,
        },
      },
    },
  });
  await recordAuthEvent({
    type: "user_created",
    userId: id,
    email,
    actorId: input.actorId,
    detail: `role ${input.role}`,
  });
  return { user: toUserRow(row), password };
}

function toUserRow(row: {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
}): UserRow {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listUsers(): Promise<UserRow[]> {
  const rows = await prisma.user.findMany({ orderBy: [{ active: "desc" }, { name: "asc" }] });
  return rows.map(toUserRow);
}

export async function countUsers(): Promise<number> {
  return prisma.user.count();
}

export class LastAdminError extends Error {}

/** Refuses a change that would leave no active admin. */
async function assertAdminRemains(userId: string, change: { role?: Role; active?: boolean }) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user || user.role !== "admin" || !user.active) return;
  if ((change.role ?? "admin") === "admin" && (change.active ?? true)) return;
  const admins = await prisma.user.count({ where: { role: "admin", active: true } });
  if (admins <= 1) throw new LastAdminError("This is the last active admin: make another admin first.");
}

export async function changeRole(userId: string, role: Role, actorId: string): Promise<void> {
  await assertAdminRemains(userId, { role });
  const before = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (before.role === role) return;
  await prisma.user.update({ where: { id: userId }, data: { role, updatedAt: new Date() } });
  await recordAuthEvent({
    type: "role_changed",
    userId,
    email: before.email,
    actorId,
    detail: `${before.role} → ${role}`,
  });
}

/** Deactivating also ends every session of the user at once. */
export async function setActive(userId: string, active: boolean, actorId: string): Promise<void> {
  await assertAdminRemains(userId, { active });
  const user = await prisma.user.update({ where: { id: userId }, data: { active, updatedAt: new Date() } });
  if (!active) await prisma.session.deleteMany({ where: { userId } });
  await recordAuthEvent({ type: active ? "user_reactivated" : "user_deactivated", userId, email: user.email, actorId });
}

export class UserNotFoundError extends Error {}
export class NoPasswordError extends Error {}

/**
 * An admin's (or the command line's) password reset: a new password (generated unless given) replaces the old one,
 * every session of the user ends, and the user must change it at the next sign-in. Returns the password to hand
 * over. Single sign-on users have no password here to reset.
 */
export async function resetPassword(input: {
  userId?: string;
  email?: string;
  password?: string;
  actorId?: string | null;
  /** how it was done, for the auth event: "by an admin", "from the command line" */
  via: string;
}): Promise<{ user: UserRow; password: string }> {
  const where = input.userId ? { id: input.userId } : { email: (input.email ?? "").trim().toLowerCase() };
  const user = await prisma.user.findUnique({ where });
  if (!user)
    throw new UserNotFoundError(`No user with the ${input.userId ? "id" : "email"} ${where.id ?? where.email}`);
  const account = await prisma.account.findFirst({ where: { userId: user.id, providerId: "credential" } });
  if (!account) {
    throw new NoPasswordError(`${user.email} signs in with single sign-on and has no password here to reset.`);
  }
  const password = input.password ?? generatePassword();
  const hash = await hashPassword(password);
  const now = new Date();
  const [updated] = await prisma.$transaction([
    prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: true, updatedAt: now } }),
    prisma.account.update({ where: { id: account.id }, data: { password: hash, updatedAt: now } }),
    prisma.session.deleteMany({ where: { userId: user.id } }),
  ]);
  await recordAuthEvent({
    type: "password_reset",
    userId: user.id,
    email: user.email,
    actorId: input.actorId,
    detail: `${input.via}; sessions ended, change required at next sign-in`,
  });
  return { user: toUserRow(updated), password };
}

/** After the user changed their own password (better-auth's changePassword): the forced change is done. */
export async function passwordChanged(user: { id: string; email: string }): Promise<void> {
  await prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: false, updatedAt: new Date() } });
  await recordAuthEvent({
    type: "password_changed",
    userId: user.id,
    email: user.email,
    actorId: user.id,
    detail: "by the user; other sessions ended",
  });
}
