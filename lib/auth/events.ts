import "server-only";
import { appendToChain } from "@/lib/audit-chain/chain";
import { prisma } from "@/lib/db/client";

export const AUTH_EVENT_TYPES = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "user_created",
  "role_changed",
  "user_deactivated",
  "user_reactivated",
  "password_changed",
  "password_reset",
] as const;
export type AuthEventType = (typeof AUTH_EVENT_TYPES)[number];

export async function recordAuthEvent(event: {
  type: AuthEventType;
  userId?: string | null;
  email?: string | null;
  ipAddress?: string | null;
  actorId?: string | null;
  detail?: string | null;
}): Promise<void> {
  // Written and sealed into the audit chain in one transaction.
  await prisma.$transaction(async (tx) => {
    const created = await tx.authEvent.create({
      data: {
        type: event.type,
        userId: event.userId ?? null,
        email: event.email?.toLowerCase() ?? null,
        ipAddress: event.ipAddress ?? null,
        actorId: event.actorId ?? null,
        detail: event.detail ?? null,
        createdAt: new Date(),
      },
      select: { id: true },
    });
    await appendToChain(tx, [{ type: "auth_event", id: created.id }]);
  });
}

/** Failed sign-ins tolerated per window, per account and per address. */
export const SIGN_IN_LIMITS = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 20 } as const;

/**
 * Whether failed sign-ins for this account or from this address have reached their limit in the window.
 * Returns the seconds until the oldest counted failure leaves the window, or null when sign-in may proceed.
 */
export async function signInLockedFor(
  email: string | null,
  ipAddress: string | null,
  now = Date.now(),
): Promise<number | null> {
  const since = new Date(now - SIGN_IN_LIMITS.windowMs);
  const checks: { where: { email?: string; ipAddress?: string }; limit: number }[] = [];
  if (email) checks.push({ where: { email: email.toLowerCase() }, limit: SIGN_IN_LIMITS.perAccount });
  if (ipAddress) checks.push({ where: { ipAddress }, limit: SIGN_IN_LIMITS.perAddress });
  for (const check of checks) {
    const failures = await prisma.authEvent.findMany({
      where: { ...check.where, type: "sign_in_failed", createdAt: { gte: since } },
      orderBy: { createdAt: "desc" },
      take: check.limit,
      select: { createdAt: true },
    });
    if (failures.length >= check.limit) {
      const oldest = failures.at(-1)!.createdAt.getTime();
      return Math.max(1, Math.ceil((oldest + SIGN_IN_LIMITS.windowMs - now) / 1000));
    }
  }
  return null;
}
