import { beforeEach, describe, expect, it, vi } from "vitest";
import { accessFor, type CurrentUser, type Role } from "@/lib/auth/permissions";
import type { VerificationRun } from "@/lib/audit-chain/runs";

// The real action with its real wrapper and permission; only the session and the verification itself are stubbed.
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({
  checkAccess: async (requirement: Parameters<typeof accessFor>[1]) => accessFor(session.user, requirement),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
const runAdminVerification = vi.hoisted(() => vi.fn());
vi.mock("@/lib/audit-chain/runs", () => ({ runAdminVerification, lastVerification: vi.fn() }));

const { verifyAuditChainAction } = await import("@/app/(dashboard)/admin/audit/actions");

const user = (role: Role, extra: Partial<CurrentUser> = {}): CurrentUser => ({
  id: `u-${role}`,
  name: role,
  email: `${role}@example.test`,
  role,
  mustChangePassword: false,
  ...extra,
});

const RUN: VerificationRun = {
  id: 7,
  source: "admin",
  operatorEmail: "admin@example.test",
  startedAt: new Date("2026-11-23T10:00:00.000Z"),
  finishedAt: new Date("2026-11-23T10:00:01.250Z"),
  result: "broken",
  fromSeq: 0,
  throughSeq: 4,
  throughHash: "a".repeat(64),
  brokenSeq: 5,
  detail: "entry 5: submission #9 no longer matches its hash\nrecorded hash b\ncomputed hash c",
};

beforeEach(() => {
  runAdminVerification.mockReset();
  runAdminVerification.mockResolvedValue(RUN);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});

describe("verifyAuditChainAction", () => {
  it.each(["viewer", "operator"] as const)("refuses a %s without verifying", async (role) => {
    session.user = user(role);
    const result = await verifyAuditChainAction({});
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/does not allow this/) });
    expect(runAdminVerification).not.toHaveBeenCalled();
  });

  it("refuses without a session, and an admin whose password change is due", async () => {
    session.user = null;
    expect((await verifyAuditChainAction({})).ok).toBe(false);
    session.user = user("admin", { mustChangePassword: true });
    expect((await verifyAuditChainAction({})).ok).toBe(false);
    expect(runAdminVerification).not.toHaveBeenCalled();
  });

  it("runs for an admin, credited to their email, and returns the run with the break split out", async () => {
    session.user = user("admin");
    const result = await verifyAuditChainAction({});
    expect(runAdminVerification).toHaveBeenCalledWith("admin@example.test");
    expect(result).toEqual({
      ok: true,
      data: {
        source: "admin",
        operatorEmail: "admin@example.test",
        startedAt: "2026-11-23T10:00:00.000Z",
        finishedAt: "2026-11-23T10:00:01.250Z",
        durationMs: 1250,
        result: "broken",
        fromSeq: 0,
        throughSeq: 4,
        throughHash: "a".repeat(64),
        brokenSeq: 5,
        problem: "entry 5: submission #9 no longer matches its hash",
        evidence: "recorded hash b\ncomputed hash c",
      },
    });
  });

  it("says the verification could not run when it throws, without the error's text", async () => {
    session.user = user("admin");
    runAdminVerification.mockRejectedValue(new Error("SQLITE_CORRUPT: secret internals"));
    const result = await verifyAuditChainAction({});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/could not run/);
    expect(!result.ok && result.message).not.toMatch(/SQLITE/);
  });
});
