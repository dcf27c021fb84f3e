import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "@/lib/auth/permissions";

describe("role → permission table", () => {
  it.each([
    ["viewer", "history:read", true],
    ["viewer", "submission:send", false],
    ["viewer", "submission:resolve", false],
    ["viewer", "users:manage", false],
    ["viewer", "audit:verify", false],
    ["operator", "history:read", true],
    ["operator", "submission:send", true],
    ["operator", "submission:resolve", true],
    ["operator", "users:manage", false],
    ["operator", "audit:verify", false],
    ["admin", "history:read", true],
    ["admin", "submission:send", true],
    ["admin", "submission:resolve", true],
    ["admin", "users:manage", true],
    ["admin", "audit:verify", true],
  ] as const)("%s may %s: %s", (role, permission, allowed) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it("unknown, missing or differently-cased roles get nothing", () => {
    for (const role of [undefined, null, "", "Admin", "root", "user"]) {
      for (const permission of PERMISSIONS) expect(can(role, permission)).toBe(false);
    }
  });

  it("each role has every permission of the roles below it", () => {
    for (let i = 1; i < ROLES.length; i++) {
      const lower = ROLE_PERMISSIONS[ROLES[i - 1]!];
      const higher = ROLE_PERMISSIONS[ROLES[i]!];
      expect(lower.every((p) => higher.includes(p))).toBe(true);
    }
  });
});
