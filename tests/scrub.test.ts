import { describe, expect, it } from "vitest";
import { MIN_REDACTED_TAIL, REDACTED, redactToken, scrubExchange, tokenForms, wellFormed } from "@/lib/spectrum/scrub";
import type { Exchange } from "@/lib/spectrum/types";

const PLAIN = "sk_live_4f9a2c7e1b8d";
// JSON, URL and HTML special characters, a space and a non-ASCII letter: every spelling differs from the raw one.
const SPECIAL = "a\"b/c+d=&é <x>'z";

const json = (t: string) => JSON.stringify(t).slice(1, -1);
const html = (t: string) =>
  t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
const asciiJson = (t: string) =>
  json(t).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

describe("redactToken: every spelling of an echo", () => {
  it.each([
    ["raw", (t: string) => t],
    ["JSON-escaped", json],
    ["JSON-escaped with \\/", (t: string) => json(t).replace(/\//g, "\\/")],
    ["JSON-escaped as ASCII (\\u00e9)", asciiJson],
    ["percent-encoded", encodeURIComponent],
    [
      "percent-encoded, lower-case hex",
      (t: string) => encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    ],
    ["form-encoded (+ for spaces)", (t: string) => encodeURIComponent(t).replace(/%20/g, "+")],
    ["HTML-escaped", html],
    ["HTML-escaped, numeric entities", (t: string) => html(t).replace(/&quot;/g, "&#34;")],
    ["HTML-escaped JSON", (t: string) => html(json(t))],
  ])("removes the %s form", (_label, spell) => {
    for (const token of [PLAIN, SPECIAL]) {
      const echoed = spell(token);
      const text = `before ${echoed} middle ${echoed}after`;
      const out = redactToken(text, token);
      expect(out).toBe(`before ${REDACTED} middle ${REDACTED}after`);
      for (const form of tokenForms(token)) expect(out).not.toContain(form);
    }
  });

  it("leaves text without the token untouched, and an empty token changes nothing", () => {
    const text = '{"status":"Error","details":"Forbidden"}';
    expect(redactToken(text, PLAIN)).toBe(text);
    expect(redactToken(text, "")).toBe(text);
  });

  it("is case-sensitive", () => {
    expect(redactToken(PLAIN.toUpperCase(), PLAIN)).toBe(PLAIN.toUpperCase());
  });

  it("keeps a JSON body parseable (the marker needs no escaping)", () => {
    const body = JSON.stringify({
      status: "error",
      details: `headers: {spectrum_api_token: ${SPECIAL}}`,
      echo: { spectrum_api_token: SPECIAL },
    });
    const parsed = JSON.parse(redactToken(body, SPECIAL)) as { details: string; echo: { spectrum_api_token: string } };
    expect(parsed.details).toBe(`headers: {spectrum_api_token: ${REDACTED}}`);
    expect(parsed.echo.spectrum_api_token).toBe(REDACTED);
  });

  it("treats regular-expression characters in the token literally", () => {
    const token = "a.b*c(d)[e]$^|?";
    expect(redactToken(`x${token}y aXbbbc`, token)).toBe(`x${REDACTED}y aXbbbc`);
  });
});

describe("redactToken: a body cut inside the token", () => {
  it.each([
    ["raw", PLAIN, PLAIN],
    ["JSON-escaped", SPECIAL, json(SPECIAL)],
    ["percent-encoded", SPECIAL, encodeURIComponent(SPECIAL)],
    ["HTML-escaped", SPECIAL, html(SPECIAL)],
  ])("removes a trailing %s prefix of it when the body was truncated", (_label, token, form) => {
    for (let n = MIN_REDACTED_TAIL; n < form.length; n++) {
      const cut = `{"echo":"${form.slice(0, n)}`;
      expect(redactToken(cut, token, { truncated: true }), `cut after ${n}`).toBe(`{"echo":"${REDACTED}`);
    }
  });

  it("also when the cut split a multi-byte character (decoded as U+FFFD)", () => {
    const token = "token-\u00e9\u00e9\u00e9-rest";
    expect(redactToken(`echo: token-\u00e9\ufffd`, token, { truncated: true })).toBe(`echo: ${REDACTED}`);
  });

  it("keeps a shorter tail, and any tail of a body that was not truncated", () => {
    const short = PLAIN.slice(0, MIN_REDACTED_TAIL - 1);
    expect(redactToken(`echo: ${short}`, PLAIN, { truncated: true })).toBe(`echo: ${short}`);
    const long = PLAIN.slice(0, 10);
    expect(redactToken(`echo: ${long}`, PLAIN)).toBe(`echo: ${long}`);
    expect(redactToken(`echo: ${long} more`, PLAIN, { truncated: true })).toBe(`echo: ${long} more`);
  });
});

describe("scrubExchange", () => {
  it("redacts every string field of a response; the body's tail only when truncated", () => {
    const exchange: Exchange = {
      type: "response",
      status: 500,
      contentType: `text/plain; echo=${PLAIN}`,
      bodyText: `token ${PLAIN}; cut ${PLAIN.slice(0, 12)}`,
      truncated: true,
      durationMs: 5,
    };
    expect(scrubExchange(exchange, PLAIN)).toEqual({
      ...exchange,
      contentType: `text/plain; echo=${REDACTED}`,
      bodyText: `token ${REDACTED}; cut ${REDACTED}`,
    });
  });

  it("redacts code and detail of not-sent and no-response", () => {
    const notSent: Exchange = {
      type: "not-sent",
      code: `E_${PLAIN}`,
      detail: `bad header ${encodeURIComponent(PLAIN)}`,
      durationMs: 1,
    };
    expect(scrubExchange(notSent, PLAIN)).toEqual({
      ...notSent,
      code: `E_${REDACTED}`,
      detail: `bad header ${REDACTED}`,
    });
    const noResponse: Exchange = {
      type: "no-response",
      reason: "reset",
      code: "ECONNRESET",
      detail: `echo ${PLAIN}`,
      durationMs: 1,
    };
    expect(JSON.stringify(scrubExchange(noResponse, PLAIN))).not.toContain(PLAIN);
  });

  it("makes every string well-formed, keeping an escaped surrogate in the body as it came", () => {
    const exchange: Exchange = {
      type: "response",
      status: 500,
      contentType: "application/json",
      bodyText: '{"details":"broken \\ud83d"} and a real lone one: \ud83d',
      truncated: false,
      durationMs: 1,
    };
    const scrubbed = scrubExchange(exchange, PLAIN);
    if (scrubbed.type !== "response") throw new Error("expected a response");
    expect(scrubbed.bodyText).toBe('{"details":"broken \\ud83d"} and a real lone one: \ufffd');
    expect(scrubbed.bodyText.isWellFormed()).toBe(true);
  });

  it("wellFormed replaces lone surrogates only", () => {
    expect(wellFormed("a\ud800b\udc00c")).toBe("a\ufffdb\ufffdc");
    expect(wellFormed("PO-\u{1f600}")).toBe("PO-\u{1f600}");
  });
});
