import { z } from "zod";
import { parseNotFoundIds } from "./details";
import { wellFormed } from "./scrub";
import type { Exchange, LineOutcome, SubmissionState } from "./types";

/** Spectrum's documented response payload. Extra fields are tolerated. */
const spectrumResponseSchema = z.object({
  purchaseOrderNumber: z.string().optional(),
  status: z.string().optional(),
  details: z.string().optional(),
});

export interface LineInterpretation {
  outcome: LineOutcome;
  message: string;
}

export interface Interpretation {
  state: Exclude<SubmissionState, "pending" | "interrupted">;
  httpStatus: number | null;
  spectrumStatus: string | null;
  spectrumDetails: string | null;
  /** one or two sentences for the operator */
  message: string;
  /** IDs Spectrum said it could not find, as it wrote them */
  notFoundIds: string[];
  lines: LineInterpretation[];
}

const EXCERPT_LENGTH = 200;

/**
 * A short, readable excerpt of a body that is not Spectrum's JSON (HTML error pages, proxies). An HTML page's
 * title is kept once: error pages usually repeat it as their first heading. A body that starts like JSON but
 * does not parse is named as malformed rather than shown as half an object; the raw body is kept in the history.
 */
export function readableExcerpt(body: string): string {
  const trimmed = body.trim();
  if (/^[{[]/.test(trimmed) && !parsesAsJson(trimmed)) {
    return `malformed JSON (${plural(trimmed.length, "character")}; the raw response is kept in the history)`;
  }
  const title = textOf(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? "");
  const rest = textOf(body.replace(/<head[\s>][\s\S]*?<\/head>/i, " ").replace(/<title[\s\S]*?<\/title>/gi, " "));
  const text = !title || rest.startsWith(title) ? rest : `${title} ${rest}`.trim();
  if (!text) return "(empty body)";
  if (text.length <= EXCERPT_LENGTH) return text;
  // Never cut an emoji in half: the lone surrogate left over could not be stored.
  const cut = /[\ud800-\udbff]$/.test(text.slice(0, EXCERPT_LENGTH)) ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH;
  return `${text.slice(0, cut)}…`;
}

function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function parseBody(bodyText: string): z.infer<typeof spectrumResponseSchema> | null {
  try {
    const parsed = spectrumResponseSchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function formatSeconds(ms: number) {
  return `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function allLines(count: number, outcome: LineOutcome, message: string): LineInterpretation[] {
  return Array.from({ length: count }, () => ({ outcome, message }));
}

/**
 * Turns one exchange with Spectrum into an outcome for the submission and for each of its line items.
 * `lineIds` are the recipe set IDs in the order they were sent. Pure: no I/O, unit-tested case by case.
 * Every string in the result is made well-formed: JSON.parse turns an escaped lone surrogate ("\ud83d") in
 * Spectrum's details into a real one, which the database write would refuse.
 */
export function interpretExchange(exchange: Exchange, lineIds: readonly string[]): Interpretation {
  const r = interpret(exchange, lineIds);
  const text = (s: string | null) => (s === null ? null : wellFormed(s));
  return {
    ...r,
    spectrumStatus: text(r.spectrumStatus),
    spectrumDetails: text(r.spectrumDetails),
    message: wellFormed(r.message),
    notFoundIds: r.notFoundIds.map(wellFormed),
    lines: r.lines.map((line) => ({ ...line, message: wellFormed(line.message) })),
  };
}

function interpret(exchange: Exchange, lineIds: readonly string[]): Interpretation {
  const n = lineIds.length;

  if (exchange.type === "not-sent") {
    const message = `Could not reach Spectrum (${exchange.code}): ${exchange.detail}. Nothing was sent; it is safe to resubmit.`;
    return {
      state: "failed",
      httpStatus: null,
      spectrumStatus: null,
      spectrumDetails: null,
      message,
      notFoundIds: [],
      lines: allLines(n, "failed", "Not sent: Spectrum could not be reached"),
    };
  }

  if (exchange.type === "no-response") {
    const what =
      exchange.reason === "timeout"
        ? `Spectrum did not answer within ${formatSeconds(exchange.timeoutMs ?? exchange.durationMs)}`
        : `The connection to Spectrum broke after the request was sent (${exchange.code})`;
    return {
      state: "unknown",
      httpStatus: null,
      spectrumStatus: null,
      spectrumDetails: null,
      message: `${what}. Spectrum may or may not have applied the update: check the order in Spectrum before resending.`,
      notFoundIds: [],
      lines: allLines(n, "unknown", "Outcome unknown: no answer from Spectrum"),
    };
  }

  const { status, bodyText } = exchange;
  const body = parseBody(bodyText);
  const spectrumStatus = body?.status ?? null;
  const spectrumDetails = body?.details ?? null;
  const base = { httpStatus: status, spectrumStatus, spectrumDetails, notFoundIds: [] as string[] };
  const excerpt = readableExcerpt(bodyText);

  if (status === 200) {
    if (!body || (body.status === undefined && body.details === undefined)) {
      // 200 means "all updated" by contract, but a body that is not Spectrum's JSON suggests the base URL
      // points at something else (a proxy, a login page): don't claim success.
      return {
        ...base,
        state: "unknown",
        message: `Spectrum answered 200 but the response was not Spectrum's JSON (${excerpt}). The update may not have been applied: check SPECTRUM_BASE_URL and the order in Spectrum.`,
        lines: allLines(n, "unknown", "Outcome unknown: unreadable response"),
      };
    }
    return {
      ...base,
      state: "succeeded",
      message: `Spectrum updated ${n === 1 ? "the line item" : `all ${n} line items`}.${spectrumDetails ? ` ${spectrumDetails}` : ""}`,
      lines: allLines(n, "updated", "Updated"),
    };
  }

  if (status === 409 || status === 404) {
    const ids = parseNotFoundIds(spectrumDetails);
    if (ids !== null && ids.length > 0) return interpretNotFound(status, ids, lineIds, base);
    if (status === 404 && ids === null) {
      return {
        ...base,
        state: "failed",
        message: `Spectrum answered 404 without naming a recipe set ID, so the endpoint itself was not found: check SPECTRUM_BASE_URL. Response: ${excerpt}`,
        lines: allLines(n, "failed", "Not updated: Spectrum endpoint not found"),
      };
    }
    return {
      ...base,
      state: "rejected",
      message: `Spectrum rejected the whole order (${status}) without naming the missing recipe set IDs. Nothing was updated. Response: ${excerpt}`,
      lines: allLines(n, "not_applied", "Not applied: Spectrum rejected the order"),
    };
  }

  if (status === 500) {
    return {
      ...base,
      state: "failed",
      message: `Spectrum reported an error (500): ${spectrumDetails ?? excerpt}`,
      lines: allLines(n, "failed", "Not updated: Spectrum reported an error"),
    };
  }

  if (status === 401) {
    return {
      ...base,
      state: "failed",
      message: "Spectrum rejected the API token (401). Nothing was updated: ask an admin to check SPECTRUM_API_TOKEN.",
      lines: allLines(n, "failed", "Not updated: API token rejected"),
    };
  }

  if (status === 403) {
    return {
      ...base,
      state: "failed",
      message:
        "Spectrum refused the request (403): the API token was rejected or the rate limit (100 requests per minute) was reached. Nothing was updated: wait a minute and resubmit, and if it persists ask an admin to check the token.",
      lines: allLines(n, "failed", "Not updated: token rejected or rate limited"),
    };
  }

  return {
    ...base,
    state: "failed",
    message: `Unexpected response from Spectrum (HTTP ${status}): ${spectrumDetails ?? excerpt}`,
    lines: allLines(n, "failed", `Not updated: unexpected HTTP ${status}`),
  };
}

function interpretNotFound(
  status: number,
  ids: string[],
  lineIds: readonly string[],
  base: Pick<Interpretation, "httpStatus" | "spectrumStatus" | "spectrumDetails">,
): Interpretation {
  // Match exactly first; fall back to case-insensitive in case Spectrum normalises case.
  const exact = new Set(ids);
  const folded = new Set(ids.map((id) => id.toUpperCase()));
  const isMissing = (id: string) => exact.has(id) || folded.has(id.toUpperCase());
  const missingOnOurLines = lineIds.filter(isMissing);
  const named = ids.join(", ");
  const lines = lineIds.map<LineInterpretation>((id) =>
    isMissing(id)
      ? { outcome: "not_found", message: "Not found in Spectrum: check the recipe set ID and purchase order" }
      : {
          outcome: "not_applied",
          message:
            missingOnOurLines.length > 0
              ? `Not applied: Spectrum rejected the whole order because ${missingOnOurLines.join(", ")} ${missingOnOurLines.length === 1 ? "was" : "were"} not found`
              : `Not applied: Spectrum rejected the whole order (it could not find ${named || "an ID"})`,
        },
  );
  const count = missingOnOurLines.length || ids.length;
  return {
    ...base,
    state: "rejected",
    notFoundIds: ids,
    message: `Spectrum rejected the whole order (${status}): ${plural(count, "recipe set ID")} not found (${named || "none named"}). Nothing was updated: fix the highlighted ${count === 1 ? "line" : "lines"} and send again.`,
    lines,
  };
}
