import { describe, expect, it } from "vitest";
import { interpretExchange, readableExcerpt } from "@/lib/spectrum/interpret";
import type { Exchange } from "@/lib/spectrum/types";

function response(
  status: number,
  body: unknown,
  contentType: string | null = "application/json; charset=utf-8",
): Exchange {
  return {
    type: "response",
    status,
    contentType,
    bodyText: typeof body === "string" ? body : JSON.stringify(body),
    truncated: false,
    durationMs: 42,
  };
}

const html = (text: string) => response(0, text, "text/html");
const withStatus = (e: Exchange, status: number): Exchange => (e.type === "response" ? { ...e, status } : e);

const LINES = ["ABCD1234", "EFGH5678", "MUEMVK2U"] as const;

describe("interpretExchange: 200", () => {
  it("Spectrum's JSON → succeeded, every line updated", () => {
    const r = interpretExchange(
      response(200, {
        purchaseOrderNumber: "HA-US-DEV00011101",
        status: "OK",
        details: "Updated tracking number for recipeSetReadableId(s): ABCD1234, EFGH5678, MUEMVK2U.",
      }),
      LINES,
    );
    expect(r.state).toBe("succeeded");
    expect(r.httpStatus).toBe(200);
    expect(r.spectrumStatus).toBe("OK");
    expect(r.spectrumDetails).toBe("Updated tracking number for recipeSetReadableId(s): ABCD1234, EFGH5678, MUEMVK2U.");
    expect(r.notFoundIds).toEqual([]);
    expect(r.lines).toHaveLength(3);
    expect(r.lines.every((l) => l.outcome === "updated")).toBe(true);
    expect(r.message).toContain("3 line items");
    expect(r.message).toContain("Updated tracking number");
  });

  it("uses the singular for one line", () => {
    const r = interpretExchange(response(200, { status: "OK" }), ["MUEMVK2U"]);
    expect(r.state).toBe("succeeded");
    expect(r.message).toBe("Spectrum updated the line item.");
  });

  it.each([
    ["an HTML login page", "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>"],
    ["malformed JSON", '{"purchaseOrderNumber": "PO", "status": "O'],
    ["an empty body", ""],
    ["JSON that is not an object", "[1,2,3]"],
    ["JSON with a wrongly typed field", '{"status": 200}'],
  ])("200 with %s → unknown, nothing claimed", (_label, body) => {
    const r = interpretExchange(response(200, body, "text/html"), LINES);
    expect(r.state).toBe("unknown");
    expect(r.httpStatus).toBe(200);
    expect(r.lines.map((l) => l.outcome)).toEqual(["unknown", "unknown", "unknown"]);
    expect(r.message).toContain("SPECTRUM_BASE_URL");
    expect(r.message).not.toContain("<");
  });
});

describe("interpretExchange: not found (409 / 404)", () => {
  it("409 with one missing ID → rejected; that line not_found, the others not_applied naming it", () => {
    const r = interpretExchange(
      response(409, {
        purchaseOrderNumber: "PO",
        status: "Error",
        details: "Unable to find recipeSetReadableId(s): EFGH5678.",
      }),
      LINES,
    );
    expect(r.state).toBe("rejected");
    expect(r.httpStatus).toBe(409);
    expect(r.spectrumStatus).toBe("Error");
    expect(r.notFoundIds).toEqual(["EFGH5678"]);
    expect(r.lines.map((l) => l.outcome)).toEqual(["not_applied", "not_found", "not_applied"]);
    expect(r.lines[0]?.message).toContain("EFGH5678 was not found");
    expect(r.lines[2]?.message).toContain("EFGH5678");
    expect(r.message).toContain("1 recipe set ID not found (EFGH5678)");
    expect(r.message).toContain("Nothing was updated");
  });

  it("409 with several missing IDs → each not_found, the rest not_applied naming all of them", () => {
    const r = interpretExchange(
      response(409, { status: "Error", details: "Unable to find recipeSetReadableId(s): ABCD1234, MUEMVK2U." }),
      LINES,
    );
    expect(r.state).toBe("rejected");
    expect(r.notFoundIds).toEqual(["ABCD1234", "MUEMVK2U"]);
    expect(r.lines.map((l) => l.outcome)).toEqual(["not_found", "not_applied", "not_found"]);
    expect(r.lines[1]?.message).toContain("ABCD1234, MUEMVK2U were not found");
    expect(r.message).toContain("2 recipe set IDs not found (ABCD1234, MUEMVK2U)");
  });

  it("404 with the not-found details behaves exactly like 409", () => {
    const details = { status: "Error", details: "Unable to find recipeSetReadableId(s): MUEMVK2U." };
    const r404 = interpretExchange(response(404, details), LINES);
    const r409 = interpretExchange(response(409, details), LINES);
    expect(r404.state).toBe("rejected");
    expect(r404.httpStatus).toBe(404);
    expect(r404.lines).toEqual(r409.lines);
    expect(r404.notFoundIds).toEqual(["MUEMVK2U"]);
    expect(r404.message).toBe(r409.message.replace("(409)", "(404)"));
  });

  it("404 without a not-found body (HTML) → failed, points at SPECTRUM_BASE_URL", () => {
    const r = interpretExchange(
      withStatus(html("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>"), 404),
      LINES,
    );
    expect(r.state).toBe("failed");
    expect(r.httpStatus).toBe(404);
    expect(r.notFoundIds).toEqual([]);
    expect(r.message).toContain("SPECTRUM_BASE_URL");
    expect(r.message).toContain("404 Not Found");
    expect(r.message).not.toMatch(/<h1>|<html/);
    expect(r.lines.every((l) => l.outcome === "failed")).toBe(true);
  });

  it("404 with JSON that is not a not-found message → failed too", () => {
    const r = interpretExchange(response(404, { status: "Error", details: "No route" }), LINES);
    expect(r.state).toBe("failed");
    expect(r.message).toContain("SPECTRUM_BASE_URL");
  });

  it("409 without parseable IDs → rejected, every line not_applied", () => {
    for (const body of [{ status: "Error", details: "Conflict" }, "<html>Conflict</html>", ""]) {
      const r = interpretExchange(response(409, body), LINES);
      expect(r.state).toBe("rejected");
      expect(r.notFoundIds).toEqual([]);
      expect(r.lines.map((l) => l.outcome)).toEqual(["not_applied", "not_applied", "not_applied"]);
      expect(r.message).toContain("Nothing was updated");
    }
  });

  it("falls back to a case-insensitive match of the IDs", () => {
    const r = interpretExchange(
      response(409, { status: "Error", details: "Unable to find recipeSetReadableId(s): EFGH5678." }),
      ["abcd1234", "efgh5678"],
    );
    expect(r.lines.map((l) => l.outcome)).toEqual(["not_applied", "not_found"]);
    expect(r.lines[0]?.message).toContain("efgh5678 was not found");
    expect(r.notFoundIds).toEqual(["EFGH5678"]);
  });

  it("IDs named by Spectrum but not on our lines → everything not_applied, message names them", () => {
    const r = interpretExchange(
      response(409, { status: "Error", details: "Unable to find recipeSetReadableId(s): ZZZZ9999." }),
      LINES,
    );
    expect(r.state).toBe("rejected");
    expect(r.lines.map((l) => l.outcome)).toEqual(["not_applied", "not_applied", "not_applied"]);
    expect(r.lines[0]?.message).toContain("ZZZZ9999");
    expect(r.message).toContain("ZZZZ9999");
  });
});

describe("interpretExchange: other failures", () => {
  it("500 → failed with Spectrum's details", () => {
    const details = "Ship Notification processing for HA-US-DEV00011103 encountered an error.";
    const r = interpretExchange(
      response(500, { purchaseOrderNumber: "HA-US-DEV00011103", status: "Error", details }),
      LINES,
    );
    expect(r.state).toBe("failed");
    expect(r.httpStatus).toBe(500);
    expect(r.spectrumDetails).toBe(details);
    expect(r.message).toContain(details);
    expect(r.lines.every((l) => l.outcome === "failed")).toBe(true);
  });

  it("500 with malformed JSON → failed, says the JSON is malformed instead of showing half an object", () => {
    const body = '{"purchaseOrderNumber": "X", "status": "Err';
    const r = interpretExchange(response(500, body), LINES);
    expect(r.state).toBe("failed");
    expect(r.spectrumDetails).toBeNull();
    expect(r.message).toBe(
      `Spectrum reported an error (500): malformed JSON (${body.length} characters; the raw response is kept in the history)`,
    );
    expect(r.message).not.toContain("{");
    // Well-formed JSON that is not Spectrum's is still shown as it is.
    expect(readableExcerpt('{"error": "gateway"}')).toBe('{"error": "gateway"}');
  });

  it("502 with the sandbox's HTML page → its title once, then the page's text", () => {
    const page =
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream server did not respond.</p></body></html>";
    const r = interpretExchange(withStatus(html(page), 502), LINES);
    expect(r.message).toBe(
      "Unexpected response from Spectrum (HTTP 502): 502 Bad Gateway The upstream server did not respond.",
    );
    // A title the page does not repeat is kept, first.
    expect(readableExcerpt("<html><head><title>Gateway error</title></head><body><p>Try later</p></body></html>")).toBe(
      "Gateway error Try later",
    );
  });

  it.each([
    ["a cut-off object", '{"status": "Error", "details": "Unable to fi'],
    ["a cut-off array", '[{"status": "Error"}, {"sta'],
    ["an object with a trailing comma", '{"status": "Error",}'],
  ])("readableExcerpt names %s as malformed JSON", (_label, body) => {
    expect(readableExcerpt(`  ${body}\n`)).toBe(
      `malformed JSON (${body.length} characters; the raw response is kept in the history)`,
    );
  });

  it("200 with malformed JSON → unknown, and the message says the JSON is malformed", () => {
    const r = interpretExchange(response(200, '{"purchaseOrderNumber": "PO", "status": "O'), LINES);
    expect(r.state).toBe("unknown");
    expect(r.message).toContain("(malformed JSON (");
    expect(r.message).not.toContain('"status"');
  });

  it("401 → failed, mentions the token", () => {
    const r = interpretExchange(
      response(401, { status: "Error", details: "Missing or invalid SPECTRUM_API_TOKEN." }),
      LINES,
    );
    expect(r.state).toBe("failed");
    expect(r.httpStatus).toBe(401);
    expect(r.message).toContain("SPECTRUM_API_TOKEN");
    expect(r.message).toMatch(/token/i);
    expect(r.lines.map((l) => l.outcome)).toEqual(["failed", "failed", "failed"]);
  });

  it("403 → failed, mentions the rate limit", () => {
    const r = interpretExchange(response(403, { status: "Error", details: "Forbidden" }), LINES);
    expect(r.state).toBe("failed");
    expect(r.httpStatus).toBe(403);
    expect(r.message).toMatch(/rate limit/i);
    expect(r.lines.every((l) => l.outcome === "failed")).toBe(true);
  });

  it("418 with an HTML page → failed, excerpt with tags, scripts and styles stripped and length capped", () => {
    const page = `<!DOCTYPE html><html><head><title>Teapot</title><style>body { color: red }</style><script>var secret = 1;</script></head>
      <body><h1>I&nbsp;am   a teapot</h1><p>${"x".repeat(1_000)}</p></body></html>`;
    const r = interpretExchange(withStatus(html(page), 418), LINES);
    expect(r.state).toBe("failed");
    expect(r.httpStatus).toBe(418);
    expect(r.message).toContain("HTTP 418");
    expect(r.message).toContain("Teapot I am a teapot");
    expect(r.message).not.toMatch(/[<>]/);
    expect(r.message).not.toContain("color: red");
    expect(r.message).not.toContain("secret");
    expect(r.message).toContain("…");
    expect(r.message.length).toBeLessThan(300);
    expect(r.lines.every((l) => l.outcome === "failed" && l.message.includes("418"))).toBe(true);
  });

  it("302 with an empty body → failed, says the body is empty", () => {
    const r = interpretExchange(response(302, "", null), LINES);
    expect(r.state).toBe("failed");
    expect(r.message).toContain("HTTP 302");
    expect(r.message).toContain("(empty body)");
  });

  it("other status with Spectrum's JSON uses its details", () => {
    const r = interpretExchange(response(503, { status: "Error", details: "Down for maintenance" }), LINES);
    expect(r.state).toBe("failed");
    expect(r.message).toContain("HTTP 503");
    expect(r.message).toContain("Down for maintenance");
  });

  it("readableExcerpt caps at 200 characters plus an ellipsis", () => {
    expect(readableExcerpt("a".repeat(500))).toBe(`${"a".repeat(200)}…`);
    expect(readableExcerpt("a".repeat(200))).toBe("a".repeat(200));
    expect(readableExcerpt("  <p> </p> ")).toBe("(empty body)");
  });
});

describe("interpretExchange: nothing or no answer", () => {
  it("not-sent → failed, safe to resubmit", () => {
    const r = interpretExchange(
      { type: "not-sent", code: "ECONNREFUSED", detail: "connect ECONNREFUSED 127.0.0.1:9", durationMs: 3 },
      LINES,
    );
    expect(r.state).toBe("failed");
    expect(r.httpStatus).toBeNull();
    expect(r.spectrumStatus).toBeNull();
    expect(r.message).toContain("ECONNREFUSED");
    expect(r.message).toMatch(/safe to resubmit/);
    expect(r.lines.map((l) => l.outcome)).toEqual(["failed", "failed", "failed"]);
  });

  it("no-response timeout → unknown, says how long it waited", () => {
    const r = interpretExchange(
      {
        type: "no-response",
        reason: "timeout",
        code: "TIMEOUT",
        detail: "no answer within 15000 ms",
        durationMs: 15_020,
      },
      LINES,
    );
    expect(r.state).toBe("unknown");
    expect(r.httpStatus).toBeNull();
    expect(r.message).toContain("15 s");
    expect(r.message).toMatch(/may or may not have applied/);
    expect(r.lines.map((l) => l.outcome)).toEqual(["unknown", "unknown", "unknown"]);
  });

  it("no-response reset → unknown, names the error code", () => {
    const r = interpretExchange(
      { type: "no-response", reason: "reset", code: "ECONNRESET", detail: "socket hang up", durationMs: 10 },
      ["A1"],
    );
    expect(r.state).toBe("unknown");
    expect(r.message).toContain("ECONNRESET");
    expect(r.lines).toEqual([{ outcome: "unknown", message: expect.stringMatching(/unknown/i) }]);
  });
});

describe("interpretExchange: edge cases", () => {
  it("200 with JSON that is not Spectrum's payload is unknown, not success", () => {
    const r = interpretExchange(response(200, { error: "login required" }), LINES);
    expect(r.state).toBe("unknown");
    expect(r.lines.every((l) => l.outcome === "unknown")).toBe(true);
  });
  it("409 naming an empty list rejects the order without highlighting any line", () => {
    const r = interpretExchange(
      response(409, { status: "Error", details: "Unable to find recipeSetReadableId(s): ." }),
      LINES,
    );
    expect(r.state).toBe("rejected");
    expect(r.lines.every((l) => l.outcome === "not_applied")).toBe(true);
    expect(r.message).not.toContain("0 recipe set IDs");
  });
  it("a sub-second timeout is reported in tenths of a second", () => {
    const r = interpretExchange(
      { type: "no-response", reason: "timeout", code: "TIMEOUT", detail: "", durationMs: 300 },
      LINES,
    );
    expect(r.message).toContain("within 0.3 s");
  });
});

describe("interpretExchange: timeout wording", () => {
  it("names the configured limit, not the (slightly longer) measured wait", () => {
    const r = interpretExchange(
      { type: "no-response", reason: "timeout", code: "TIMEOUT", detail: "", durationMs: 3_217, timeoutMs: 3_000 },
      LINES,
    );
    expect(r.message).toContain("did not answer within 3.0 s");
  });
});

describe("interpretExchange: lone surrogates in Spectrum's answer", () => {
  /** Every string in the interpretation, however deep. */
  function strings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (value && typeof value === "object") return Object.values(value).flatMap(strings);
    return [];
  }

  function expectWellFormed(r: ReturnType<typeof interpretExchange>) {
    const all = strings(r);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) expect(s.isWellFormed(), JSON.stringify(s)).toBe(true);
  }

  // As on the wire: JSON escapes, plain ASCII. JSON.parse turns them into lone surrogates.
  const body500 = String.raw`{"purchaseOrderNumber":"PO-1","status":"Err\udc00or","details":"Processing failed \udc00 for PO-1 \ud83d"}`;
  const body409 =
    String.raw`{"status":"Error\ud83d",` +
    String.raw`"details":"Unable to find recipeSetReadableId(s): EFGH5678, MUEMVK2U. \udc00 Check the order \ud83d"}`;

  it("500: status, details, message and line messages are well-formed, U+FFFD where the surrogates were", () => {
    const r = interpretExchange(response(500, body500), LINES);
    expect(r.state).toBe("failed");
    expect(r.spectrumStatus).toBe("Err\ufffdor");
    expect(r.spectrumDetails).toBe("Processing failed \ufffd for PO-1 \ufffd");
    expect(r.message).toContain("Processing failed \ufffd for PO-1 \ufffd");
    expectWellFormed(r);
  });

  it("409: still parses the not-found IDs, and every string is well-formed", () => {
    const r = interpretExchange(response(409, body409), LINES);
    expect(r.state).toBe("rejected");
    expect(r.spectrumStatus).toBe("Error\ufffd");
    expect(r.spectrumDetails).toBe(
      "Unable to find recipeSetReadableId(s): EFGH5678, MUEMVK2U. \ufffd Check the order \ufffd",
    );
    expect(r.notFoundIds).toEqual(["EFGH5678", "MUEMVK2U"]);
    expect(r.lines.map((l) => l.outcome)).toEqual(["not_applied", "not_found", "not_found"]);
    expectWellFormed(r);
  });

  it("409 naming an ID that holds a lone surrogate: the ID, and the messages naming it, are well-formed", () => {
    const body = String.raw`{"status":"Error","details":"Unable to find recipeSetReadableId(s): AB\udc00CD."}`;
    const r = interpretExchange(response(409, body), ["A\ud800"]);
    expect(r.notFoundIds).toEqual(["AB\ufffdCD"]);
    expect(r.message).toContain("AB\ufffdCD");
    expectWellFormed(r);
  });

  it("a body that is not JSON: the excerpt neither keeps a lone surrogate nor cuts an emoji in half", () => {
    expectWellFormed(interpretExchange(withStatus(html("<p>Bad \ud800 gateway \udfff</p>"), 502), LINES));
    // the 200-character cut falls between the two halves of the emoji
    const page = `<p>${"a".repeat(199)}\u{1f600}${"b".repeat(50)}</p>`;
    const excerpt = readableExcerpt(page);
    expect(excerpt).toBe(`${"a".repeat(199)}…`);
    const r = interpretExchange(withStatus(html(page), 502), LINES);
    expect(r.message).toContain(excerpt);
    expectWellFormed(r);
  });
});
