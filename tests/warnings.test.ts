import { describe, expect, it } from "vitest";
import {
  formatWarningTime,
  lineWarnings,
  unconfirmedMessage,
  unconfirmedWarnings,
  type EarlierLine,
} from "@/lib/guard/warnings";

function earlier(over: Partial<EarlierLine> & Pick<EarlierLine, "submissionId">): EarlierLine {
  return {
    state: "succeeded",
    createdAt: "2026-11-20T14:02:00.000Z",
    operatorName: "Olive Operator",
    operatorEmail: "olive@example.com",
    recipeSetReadableId: "ABCD1234",
    shipmentTracking: null,
    workflowStatus: null,
    outcome: "updated",
    ...over,
  };
}

describe("tracking warnings", () => {
  const sent = earlier({ submissionId: 7, shipmentTracking: "1Z999AA10123456784" });

  it("the same tracking number already succeeded → Already sent on <date> by <operator> (#id)", () => {
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "1Z999AA10123456784" }],
      earlier: [sent],
    });
    expect(warnings).toEqual([
      {
        key: "already_sent:ABCD1234:7",
        code: "already_sent",
        line: 0,
        recipeSetReadableId: "ABCD1234",
        text: "Already sent on 20 Nov 2026, 14:02 UTC by Olive Operator (#7)",
        submissionId: 7,
        at: "2026-11-20T14:02:00.000Z",
        operator: "Olive Operator",
        previous: "1Z999AA10123456784",
      },
    ]);
  });

  it("matches the recipe set ID and the number whatever their case and surrounding spaces", () => {
    const [warning] = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: " abcd1234 ", shipmentTracking: "1z999aa10123456784 " }],
      earlier: [sent],
    });
    expect(warning?.code).toBe("already_sent");
    expect(warning?.recipeSetReadableId).toBe("abcd1234");
  });

  it("a different number → Spectrum has <old number> from #id: sending replaces it", () => {
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "NEW-NUMBER" }],
      earlier: [sent],
    });
    expect(warnings.map((w) => [w.code, w.text])).toEqual([
      ["replaces_tracking", "Spectrum has 1Z999AA10123456784 from #7: sending replaces it"],
    ]);
  });

  it("only the newest success counts: what Spectrum has now", () => {
    const newer = earlier({ submissionId: 9, createdAt: "2026-11-21T09:00:00.000Z", shipmentTracking: "SECOND" });
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "SECOND" }],
      earlier: [sent, newer],
    });
    expect(warnings.map((w) => w.key)).toEqual(["already_sent:ABCD1234:9"]);
  });

  it("rejected and failed attempts, and lines Spectrum did not update, give no warning", () => {
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "X" }],
      earlier: [
        earlier({ submissionId: 1, state: "rejected", outcome: "not_applied", shipmentTracking: "X" }),
        earlier({ submissionId: 2, state: "failed", outcome: "failed", shipmentTracking: "X" }),
      ],
    });
    expect(warnings).toEqual([]);
  });

  it("other recipe set IDs, empty IDs and lines without a number yet give no success warning", () => {
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [
        { recipeSetReadableId: "OTHER", shipmentTracking: "1Z999AA10123456784" },
        { recipeSetReadableId: "", shipmentTracking: "1Z999AA10123456784" },
        { recipeSetReadableId: "ABCD1234", shipmentTracking: "" },
      ],
      earlier: [sent],
    });
    expect(warnings).toEqual([]);
  });

  it("warns per line, with each line's position", () => {
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [
        { recipeSetReadableId: "NEWLINE", shipmentTracking: "A" },
        { recipeSetReadableId: "ABCD1234", shipmentTracking: "1Z999AA10123456784" },
      ],
      earlier: [sent],
    });
    expect(warnings.map((w) => [w.line, w.code])).toEqual([[1, "already_sent"]]);
  });

  it("an operator without a name is named by email, and without either not at all", () => {
    const byEmail = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "1Z999AA10123456784" }],
      earlier: [{ ...sent, operatorName: null }],
    });
    expect(byEmail[0]?.text).toBe("Already sent on 20 Nov 2026, 14:02 UTC by olive@example.com (#7)");
    const nobody = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "1Z999AA10123456784" }],
      earlier: [{ ...sent, operatorName: null, operatorEmail: null }],
    });
    expect(nobody[0]?.text).toBe("Already sent on 20 Nov 2026, 14:02 UTC (#7)");
  });
});

describe("maybe sent: unknown, interrupted and pending attempts", () => {
  it.each(["unknown", "interrupted", "pending"] as const)("a %s attempt counts as maybe sent", (state) => {
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "T-2" }],
      earlier: [
        earlier({
          submissionId: 4,
          state,
          outcome: state === "pending" ? "pending" : "unknown",
          shipmentTracking: "T-1",
        }),
      ],
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: "maybe_sent", key: "maybe_sent:ABCD1234:4", previous: "T-1" });
    expect(warnings[0]?.text).toMatch(
      /^Maybe sent on 20 Nov 2026, 14:02 UTC by Olive Operator \(#4\): .*Spectrum may have T-1$/,
    );
  });

  it("is shown with the success it may have replaced, and even before a number is typed", () => {
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "" }],
      earlier: [
        earlier({ submissionId: 3, shipmentTracking: "T-1" }),
        earlier({
          submissionId: 5,
          createdAt: "2026-11-21T10:00:00.000Z",
          state: "unknown",
          outcome: "unknown",
          shipmentTracking: "T-2",
        }),
      ],
    });
    expect(warnings.map((w) => w.key)).toEqual(["maybe_sent:ABCD1234:5"]);
  });

  it("an unknown attempt older than the last success is settled by it: no warning", () => {
    const warnings = lineWarnings({
      kind: "tracking",
      lines: [{ recipeSetReadableId: "ABCD1234", shipmentTracking: "NEW" }],
      earlier: [
        earlier({ submissionId: 3, createdAt: "2026-11-19T10:00:00.000Z", state: "interrupted", outcome: "unknown" }),
        earlier({ submissionId: 6, shipmentTracking: "OLD" }),
      ],
    });
    expect(warnings.map((w) => w.code)).toEqual(["replaces_tracking"]);
  });
});

describe("status warnings", () => {
  const at = (status: string, submissionId = 11) => earlier({ submissionId, workflowStatus: status });

  it("a line already at that status says so", () => {
    const warnings = lineWarnings({
      kind: "status",
      lines: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "in-progress" }],
      earlier: [at("in-progress")],
    });
    expect(warnings.map((w) => [w.code, w.text])).toEqual([
      ["same_status", "Already in-progress since 20 Nov 2026, 14:02 UTC by Olive Operator (#11)"],
    ]);
  });

  it.each(["delivered", "cancelled"])("moving away from %s warns that it goes backwards", (final) => {
    const warnings = lineWarnings({
      kind: "status",
      lines: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "in-progress" }],
      earlier: [at(final)],
    });
    expect(warnings.map((w) => [w.code, w.text])).toEqual([
      [
        "status_backwards",
        `Spectrum has it ${final} since 20 Nov 2026, 14:02 UTC (#11): in-progress moves it backwards`,
      ],
    ]);
  });

  it("an ordinary change of status gives no warning", () => {
    expect(
      lineWarnings({
        kind: "status",
        lines: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "completed" }],
        earlier: [at("in-progress")],
      }),
    ).toEqual([]);
  });

  it("reads the status, not the tracking number, for status sends", () => {
    const warnings = lineWarnings({
      kind: "status",
      lines: [{ recipeSetReadableId: "ABCD1234", workflowStatus: "delivered", shipmentTracking: "X" }],
      earlier: [{ ...at("delivered"), shipmentTracking: "Y" }],
    });
    expect(warnings.map((w) => w.code)).toEqual(["same_status"]);
  });
});

describe("confirmation", () => {
  const warnings = lineWarnings({
    kind: "tracking",
    lines: [
      { recipeSetReadableId: "A1", shipmentTracking: "T" },
      { recipeSetReadableId: "B2", shipmentTracking: "U" },
    ],
    earlier: [
      earlier({ submissionId: 1, recipeSetReadableId: "A1", shipmentTracking: "T" }),
      earlier({ submissionId: 1, recipeSetReadableId: "B2", shipmentTracking: "OLD" }),
    ],
  });

  it("every warning must be confirmed by its key", () => {
    expect(unconfirmedWarnings(warnings, []).map((w) => w.key)).toEqual([
      "already_sent:A1:1",
      "replaces_tracking:B2:1",
    ]);
    expect(unconfirmedWarnings(warnings, ["already_sent:A1:1"]).map((w) => w.key)).toEqual(["replaces_tracking:B2:1"]);
    expect(unconfirmedWarnings(warnings, ["already_sent:A1:1", "replaces_tracking:B2:1", "stale"])).toEqual([]);
  });

  it("a confirmation of an older submission's warning does not cover a newer one", () => {
    expect(unconfirmedWarnings(warnings, ["already_sent:A1:0", "replaces_tracking:B2:0"])).toHaveLength(2);
  });

  it("the refusal names each line and says nothing was sent", () => {
    expect(unconfirmedMessage(warnings)).toBe(
      'Not sent: 2 warnings need confirming first ("Send anyway"): line 1 (A1): Already sent on 20 Nov 2026, 14:02 UTC by Olive Operator (#1); line 2 (B2): Spectrum has OLD from #1: sending replaces it. Nothing was sent to Spectrum.',
    );
  });

  it("times are in UTC, to the minute", () => {
    expect(formatWarningTime("2026-01-05T23:59:59.000Z")).toBe("5 Jan 2026, 23:59 UTC");
  });
});
