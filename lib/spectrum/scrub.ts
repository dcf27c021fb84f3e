import type { Exchange } from "./types";

/** What replaces the API token wherever an answer from upstream echoed it. */
export const REDACTED = "[redacted]";

/**
 * A cut-off echo shorter than this is left alone: a handful of characters matching the token's start at the
 * end of a body is as likely a coincidence as a leak, and reveals little of it.
 */
export const MIN_REDACTED_TAIL = 6;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function escapeHtml(s: string, quote: string, apostrophe: string) {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, quote)
    .replace(/'/g, apostrophe);
}

/**
 * The ways an echo can spell the token: as sent, JSON-escaped (also with "\/" and \uXXXX for non-ASCII, as
 * some encoders write), percent-encoded (upper or lower hex, "+" for spaces) and HTML-escaped, including
 * HTML pages that show the JSON form. Longest first, so a longer spelling wins over a shorter one inside it.
 */
export function tokenForms(token: string): string[] {
  const json = JSON.stringify(token).slice(1, -1);
  const jsonForms = [
    json,
    json.replace(/\//g, "\\/"),
    json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  ];
  const uri = encodeURIComponentSafe(token);
  const uriForms =
    uri === null ? [] : [uri, uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), uri.replace(/%20/g, "+")];
  const htmlForms = [token, ...jsonForms].flatMap((s) => [
    escapeHtml(s, "&quot;", "&#39;"),
    escapeHtml(s, "&#34;", "&#39;"),
    escapeHtml(s, "&#x22;", "&#x27;"),
    escapeHtml(s, "&quot;", "&apos;"),
  ]);
  return [...new Set([token, ...jsonForms, ...uriForms, ...htmlForms])].sort((a, b) => b.length - a.length);
}

// A token with a lone surrogate cannot be percent-encoded; it cannot be sent in a header either.
function encodeURIComponentSafe(s: string): string | null {
  try {
    return encodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * `text` with every spelling of `token` replaced by REDACTED. When `truncated` (the body was cut off), a
 * trailing start of a spelling, MIN_REDACTED_TAIL characters or more, goes too: the cut fell inside an echo.
 * Pure, and the token is a parameter: the caller is the one module that may read it.
 */
export function redactToken(text: string, token: string, options: { truncated?: boolean } = {}): string {
  if (!token) return text;
  const forms = tokenForms(token);
  let out = text.replace(new RegExp(forms.map(escapeRegExp).join("|"), "g"), REDACTED);
  if (options.truncated) {
    // A cut in the middle of a multi-byte character decodes to U+FFFD after the prefix.
    const body = out.replace(/\ufffd$/, "");
    for (const form of forms) {
      const tail = longestTrailingPrefix(body, form);
      if (tail >= MIN_REDACTED_TAIL) {
        out = body.slice(0, body.length - tail) + REDACTED;
        break;
      }
    }
  }
  return out;
}

/** Length of the longest proper prefix of `form` that `text` ends with. */
function longestTrailingPrefix(text: string, form: string): number {
  for (let n = Math.min(form.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(form.slice(0, n))) return n;
  }
  return 0;
}

/** Lone surrogates (half an emoji) become U+FFFD: the database and JSON encoders refuse them. */
export function wellFormed(text: string): string {
  return text.toWellFormed();
}

/**
 * Makes what came back from upstream safe to store, log and show: the token is removed from every string field
 * (a server or proxy that echoes request headers puts it in the body, or an error message may quote it), and
 * every string is made well-formed.
 */
export function scrubExchange(exchange: Exchange, token: string): Exchange {
  const truncated = exchange.type === "response" && exchange.truncated;
  const scrubbed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(exchange)) {
    scrubbed[key] =
      typeof value === "string"
        ? wellFormed(redactToken(value, token, { truncated: truncated && key === "bodyText" }))
        : value;
  }
  return scrubbed as Exchange;
}
