import { describe, expect, it } from "vitest";
import { buildHistoryPageQuery, buildHistoryWhere, HISTORY_COLUMNS, toFtsQuery } from "@/lib/db/history-query";
import {
  decodeCursor,
  encodeCursor,
  HISTORY_FILTER_KEYS,
  type HistoryFilters,
  historySearchParams,
  parseHistoryFilters,
  parseHistoryPage,
  startOfDay,
} from "@/lib/schemas/history-filters";

const MAX_CHAR = "\u{10FFFF}";
const utc = (iso: string) => Date.parse(iso);

const FULL: Required<HistoryFilters> = {
  kind: "status",
  outcome: "rejected",
  environment: "Production",
  operator: "olive@example.com",
  po: "HA-US-DEV0001",
  recipe: "ABCD1234",
  tracking: "1Z999AA10123456784",
  serial: "SN-0001",
  from: "2024-01-01",
  to: "2024-01-31",
  q: "not found",
  tz: "America/New_York",
  batch: "42",
};
/** FULL without the filters added later (line searches, time zone, batch), whose SQL the first tests pin down. */
const { tracking: _tracking, serial: _serial, tz: _tz, batch: _batch, ...BASIC } = FULL;

describe("parseHistoryFilters", () => {
  it("keeps every valid value, from URLSearchParams or a Next.js searchParams record", () => {
    expect(parseHistoryFilters(new URLSearchParams(FULL))).toEqual(FULL);
    expect(parseHistoryFilters({ ...FULL })).toEqual(FULL);
  });

  it("accepts every kind and every outcome", () => {
    for (const kind of ["tracking", "status"]) expect(parseHistoryFilters({ kind }).kind).toBe(kind);
    for (const outcome of ["pending", "succeeded", "rejected", "failed", "unknown", "interrupted"]) {
      expect(parseHistoryFilters({ outcome }).outcome).toBe(outcome);
    }
  });

  it("returns no filter at all for no parameters", () => {
    expect(parseHistoryFilters(new URLSearchParams())).toEqual({});
    expect(parseHistoryFilters({})).toEqual({});
  });

  it("keeps a real IANA time zone and drops anything else", () => {
    expect(parseHistoryFilters({ tz: "Europe/Paris", from: "2024-01-01" })).toEqual({
      tz: "Europe/Paris",
      from: "2024-01-01",
    });
    for (const tz of ["Mars/Olympus", "not a zone", "x".repeat(80)]) {
      expect(parseHistoryFilters({ tz, kind: "tracking" })).toEqual({ kind: "tracking" });
    }
  });

  it("drops an unknown kind or outcome without touching the other filters", () => {
    for (const kind of ["ship", "Tracking", "STATUS", " tracking", "tracking,status"]) {
      expect(parseHistoryFilters({ kind, po: "PO-1" })).toEqual({ po: "PO-1" });
    }
    for (const outcome of ["success", "Succeeded", "ok", "needs-attention", "pending "]) {
      expect(parseHistoryFilters({ outcome, recipe: "ABCD1234" })).toEqual({ recipe: "ABCD1234" });
    }
  });

  it.each([
    "2024-1-01",
    "2024/01/01",
    "20240101",
    "01-02-2024",
    "2024-13-01",
    "2024-00-10",
    "2024-01-32",
    "2024-01-00",
    "2024-01-01T00:00:00Z",
    "2024-01-01 ",
    "yesterday",
    "+02024-01-01",
  ])("drops the malformed date %j", (date) => {
    expect(parseHistoryFilters({ from: date, to: date, kind: "tracking" })).toEqual({ kind: "tracking" });
  });

  it("drops a calendar date that does not exist (2024-02-30, 2023-02-29, 2024-04-31)", () => {
    for (const date of ["2024-02-30", "2023-02-29", "2024-04-31"]) {
      expect(parseHistoryFilters({ from: date, to: date })).toEqual({});
    }
  });

  it("keeps real edge dates (leap day, year ends)", () => {
    expect(parseHistoryFilters({ from: "2024-02-29", to: "2024-12-31" })).toEqual({
      from: "2024-02-29",
      to: "2024-12-31",
    });
  });

  it("drops empty and whitespace-only values", () => {
    const blank = Object.fromEntries(HISTORY_FILTER_KEYS.map((k) => [k, ""]));
    expect(parseHistoryFilters(blank)).toEqual({});
    expect(parseHistoryFilters(new URLSearchParams(blank))).toEqual({});
    const spaces = { environment: "   ", po: "\t", recipe: " \n ", q: "  " };
    expect(parseHistoryFilters(spaces)).toEqual({});
  });

  it("trims the text filters", () => {
    expect(
      parseHistoryFilters({
        environment: " Sandbox ",
        po: "  HA-US-1 \t",
        recipe: "\nABCD1234 ",
        q: "  unable   to find  ",
      }),
    ).toEqual({
      environment: "Sandbox",
      po: "HA-US-1",
      recipe: "ABCD1234",
      q: "unable   to find",
    });
  });

  it.each([
    ["environment", 40],
    ["po", 64],
    ["recipe", 64],
    ["q", 200],
  ] as const)("caps %s at %i characters (after trimming); longer values are dropped", (key, max) => {
    const atCap = "x".repeat(max);
    expect(parseHistoryFilters({ [key]: atCap })).toEqual({ [key]: atCap });
    expect(parseHistoryFilters({ [key]: `  ${atCap}  ` })).toEqual({ [key]: atCap });
    expect(parseHistoryFilters({ [key]: `${atCap}y`, kind: "status" })).toEqual({ kind: "status" });
  });

  it("takes the first of repeated parameters and ignores unrelated ones", () => {
    expect(
      parseHistoryFilters({ kind: ["status", "tracking"], before: "1_2", page: "3", po: ["PO-1", "PO-2"] }),
    ).toEqual({
      kind: "status",
      po: "PO-1",
    });
    const params = new URLSearchParams("kind=tracking&kind=status&after=1_2&q=a&q=b");
    expect(parseHistoryFilters(params)).toEqual({ kind: "tracking", q: "a" });
  });
});

describe("the batch filter", () => {
  it("keeps a batch id and drops anything else", () => {
    expect(parseHistoryFilters({ batch: "12" })).toEqual({ batch: "12" });
    expect(parseHistoryFilters({ batch: " 7 " })).toEqual({ batch: "7" });
    for (const batch of ["0", "-1", "01", "1.5", "abc", "12a", "99999999999", "2147483648", ""]) {
      expect(parseHistoryFilters({ batch, kind: "tracking" })).toEqual({ kind: "tracking" });
    }
  });
});

describe("historySearchParams", () => {
  it("writes only the filters that are set, in a stable order", () => {
    expect(historySearchParams({}).toString()).toBe("");
    expect(historySearchParams({ q: "x", kind: "tracking", po: undefined }).toString()).toBe("kind=tracking&q=x");
    expect([...historySearchParams(FULL).keys()]).toEqual(HISTORY_FILTER_KEYS);
  });

  it("round-trips through parseHistoryFilters, special characters included", () => {
    const tricky: HistoryFilters = {
      environment: "Prod & Co",
      po: "PO#1?a=b&c=d",
      recipe: "AB+CD/12%34",
      q: 'Unable to find: "WXYZ" (été) 100%',
      from: "2024-02-29",
    };
    for (const filters of [FULL, tricky, {}, { kind: "tracking" } as HistoryFilters]) {
      const query = historySearchParams(filters).toString();
      expect(parseHistoryFilters(new URLSearchParams(query))).toEqual(filters);
    }
  });

  it("adds one page cursor, before winning over after", () => {
    expect(historySearchParams({ kind: "status" }, { before: "10_2" }).toString()).toBe("kind=status&before=10_2");
    expect(historySearchParams({}, { after: "10_2" }).toString()).toBe("after=10_2");
    expect(historySearchParams({}, { before: "10_2", after: "20_3" }).toString()).toBe("before=10_2");
    expect(historySearchParams({}, { before: "", after: "" }).toString()).toBe("");
  });

  it("round-trips a page cursor through parseHistoryPage", () => {
    const cursor = { createdAt: 1_710_000_000_123, id: 42 };
    const params = new URLSearchParams(historySearchParams(FULL, { before: encodeCursor(cursor) }).toString());
    expect(parseHistoryPage(params)).toEqual({ before: cursor, after: undefined });
    expect(parseHistoryFilters(params)).toEqual(FULL);
  });
});

describe("encodeCursor / decodeCursor", () => {
  it.each([
    { createdAt: 1_710_000_000_123, id: 1 },
    { createdAt: 0, id: 0 },
    { createdAt: 999_999_999_999_999, id: 123_456_789 },
  ])("round-trips %j", (cursor) => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    undefined,
    null,
    "",
    "abc",
    "1",
    "1_",
    "_1",
    "1__2",
    "1_2_3",
    "-1_2",
    "1_-2",
    "1.5_2",
    "1e3_2",
    "0x10_2",
    " 1_2",
    "1_2 ",
    "1_2\n",
    "1234567890123456_1",
    "1_1234567890123456",
    "1710000000000-5",
    "１_２",
  ])("turns %j into undefined", (value) => {
    expect(decodeCursor(value)).toBeUndefined();
  });
});

describe("parseHistoryPage", () => {
  const a = { createdAt: 1_000, id: 5 };
  const b = { createdAt: 2_000, id: 6 };

  it("reads before or after", () => {
    expect(parseHistoryPage({ before: encodeCursor(a) })).toEqual({ before: a, after: undefined });
    expect(parseHistoryPage(new URLSearchParams({ after: encodeCursor(b) }))).toEqual({ before: undefined, after: b });
    expect(parseHistoryPage({})).toEqual({ before: undefined, after: undefined });
  });

  it("lets before win over after", () => {
    expect(parseHistoryPage({ before: encodeCursor(a), after: encodeCursor(b) })).toEqual({
      before: a,
      after: undefined,
    });
    expect(parseHistoryPage(new URLSearchParams({ after: encodeCursor(b), before: encodeCursor(a) }))).toEqual({
      before: a,
      after: undefined,
    });
  });

  it("ignores a malformed cursor", () => {
    expect(parseHistoryPage({ before: "garbage" })).toEqual({ before: undefined, after: undefined });
    expect(parseHistoryPage({ after: "1;DROP TABLE Submission" })).toEqual({ before: undefined, after: undefined });
    // a garbage `before` does not hide a valid `after`
    expect(parseHistoryPage({ before: "garbage", after: encodeCursor(b) })).toEqual({ before: undefined, after: b });
  });
});

describe("toFtsQuery", () => {
  /** What a safe query looks like: quoted word-character prefix terms separated by single spaces. */
  const SAFE = /^"[\p{L}\p{N}_]+"\*( "[\p{L}\p{N}_]+"\*)*$/u;

  it.each([
    ["unable", '"unable"*'],
    ["Unable to find", '"Unable"* "to"* "find"*'],
    ["  spaced\tout\nwords  ", '"spaced"* "out"* "words"*'],
    ["Café résumé 123", '"Café"* "résumé"* "123"*'],
    ["snake_case", '"snake_case"*'],
  ])("turns %j into quoted prefix terms", (text, expected) => {
    expect(toFtsQuery(text)).toBe(expected);
  });

  it.each([
    ['"unable', '"unable"*'],
    ['say "hello world"', '"say"* "hello"* "world"*'],
    ["unable*", '"unable"*'],
    ["*", null],
    ["NEAR(unable find, 2)", '"NEAR"* "unable"* "find"* "2"*'],
    ["-unable", '"unable"*'],
    ["unable -find", '"unable"* "find"*'],
    ["spectrumDetails:unable", '"spectrumDetails"* "unable"*'],
    ["{spectrumDetails}: x", '"spectrumDetails"* "x"*'],
    ["^start", '"start"*'],
    ["a AND b OR NOT c", '"a"* "AND"* "b"* "OR"* "NOT"* "c"*'],
    ["a + b", '"a"* "b"*'],
    ["(a)", '"a"*'],
    ["x'); DROP TABLE Submission; --", '"x"* "DROP"* "TABLE"* "Submission"*'],
  ])("never passes FTS5 syntax through: %j", (text, expected) => {
    const fts = toFtsQuery(text);
    expect(fts).toBe(expected);
    if (fts !== null) expect(fts).toMatch(SAFE);
  });

  it("keeps any input, however hostile, inside the safe grammar", () => {
    const alphabet = [
      '"',
      "*",
      "-",
      ":",
      "(",
      ")",
      "^",
      "{",
      "}",
      "+",
      " ",
      "\t",
      "'",
      "\\",
      "a",
      "É",
      "7",
      "_",
      "NEAR",
      "OR",
      "😀",
      "\u0000",
    ];
    let seed = 1;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 500; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 20) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join("");
      const fts = toFtsQuery(text);
      if (fts !== null) expect(fts).toMatch(SAFE);
      else expect(text).not.toMatch(/[\p{L}\p{N}_]/u);
    }
  });

  it.each(["", "   ", '"', '""', "*", "-:", "()", "(*", ":-*^", "😀 …"])(
    "returns null when nothing searchable is left: %j",
    (text) => {
      expect(toFtsQuery(text)).toBeNull();
    },
  );

  it("uses at most 12 words", () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    expect(toFtsQuery(words.join(" "))).toBe(
      words
        .slice(0, 12)
        .map((w) => `"${w}"*`)
        .join(" "),
    );
  });
});

describe("startOfDay", () => {
  it("is UTC midnight without a zone", () => {
    expect(startOfDay("2024-03-10")).toBe(utc("2024-03-10T00:00:00Z"));
    expect(startOfDay("2024-03-10", "UTC")).toBe(utc("2024-03-10T00:00:00Z"));
  });

  it.each([
    ["2024-01-15", "America/New_York", "2024-01-15T05:00:00Z"],
    ["2024-07-15", "America/New_York", "2024-07-15T04:00:00Z"],
    // DST starts at 2 a.m. on 10 March 2024 and ends at 2 a.m. on 3 November: midnight is on the old offset
    ["2024-03-10", "America/New_York", "2024-03-10T05:00:00Z"],
    ["2024-03-11", "America/New_York", "2024-03-11T04:00:00Z"],
    ["2024-11-03", "America/New_York", "2024-11-03T04:00:00Z"],
    ["2024-11-04", "America/New_York", "2024-11-04T05:00:00Z"],
    ["2024-06-01", "Asia/Kolkata", "2024-05-31T18:30:00Z"],
    ["2024-06-01", "Pacific/Auckland", "2024-05-31T12:00:00Z"],
    // Chile starts DST at midnight: 8 September 2024 begins at 01:00 local, the first instant that exists
    ["2024-09-08", "America/Santiago", "2024-09-08T04:00:00Z"],
  ])("the day %s in %s starts at %s", (date, zone, instant) => {
    expect(new Date(startOfDay(date, zone)).toISOString()).toBe(new Date(utc(instant)).toISOString());
  });
});

describe("buildHistoryWhere", () => {
  it("is empty without filters", () => {
    expect(buildHistoryWhere({})).toEqual({ sql: "", params: [] });
  });

  it.each<[string, HistoryFilters, string, (string | number)[]]>([
    ["kind", { kind: "status" }, "s.kind = ?", ["status"]],
    ["outcome", { outcome: "failed" }, "s.state = ?", ["failed"]],
    ["environment", { environment: "Production" }, "s.environment = ?", ["Production"]],
    [
      "recipe (upper case)",
      { recipe: "ABCD1234" },
      "s.id IN (SELECT li.submissionId FROM SubmissionLineItem li WHERE li.recipeSetReadableId IN (?))",
      ["ABCD1234"],
    ],
    [
      "recipe (lower case adds the upper-case form)",
      { recipe: "abcd1234" },
      "s.id IN (SELECT li.submissionId FROM SubmissionLineItem li WHERE li.recipeSetReadableId IN (?, ?))",
      ["abcd1234", "ABCD1234"],
    ],
    ["from (start of the UTC day)", { from: "2024-03-10" }, "s.createdAt >= ?", [utc("2024-03-10T00:00:00Z")]],
    ["to (inclusive: before the next UTC day)", { to: "2024-03-10" }, "s.createdAt < ?", [utc("2024-03-11T00:00:00Z")]],
    ["to at a month end", { to: "2024-02-29" }, "s.createdAt < ?", [utc("2024-03-01T00:00:00Z")]],
    ["to at a year end", { to: "2024-12-31" }, "s.createdAt < ?", [utc("2025-01-01T00:00:00Z")]],
    [
      "tracking number (exact, and its upper-case form)",
      { tracking: "1z999aa1" },
      "s.id IN (SELECT li.submissionId FROM SubmissionLineItem li WHERE li.shipmentTracking IN (?, ?))",
      ["1z999aa1", "1Z999AA1"],
    ],
    [
      "serial number",
      { serial: "SN-0001" },
      "s.id IN (SELECT ls.submissionId FROM SubmissionLineSerial ls WHERE ls.serialNumber IN (?))",
      ["SN-0001"],
    ],
    [
      "from and to as days in the user's zone",
      { from: "2024-03-10", to: "2024-03-10", tz: "America/New_York" },
      "s.createdAt >= ? AND s.createdAt < ?",
      [utc("2024-03-10T05:00:00Z"), utc("2024-03-11T04:00:00Z")],
    ],
    [
      "q",
      { q: 'unable "find' },
      "s.id IN (SELECT rowid FROM SubmissionSearch WHERE SubmissionSearch MATCH ?)",
      ['"unable"* "find"*'],
    ],
  ])("%s", (_label, filters, sql, params) => {
    expect(buildHistoryWhere(filters)).toEqual({ sql, params });
  });

  it("bounds a PO prefix with a range, not LIKE", () => {
    expect(buildHistoryWhere({ po: "HA-US-1" })).toEqual({
      sql: "(s.purchaseOrderNumber >= ? AND s.purchaseOrderNumber < ?)",
      params: ["HA-US-1", `HA-US-1${MAX_CHAR}`],
    });
    // digits and symbols only: the upper-case form is the same, so no second range
    expect(buildHistoryWhere({ po: "1234-%_" }).params).toEqual(["1234-%_", `1234-%_${MAX_CHAR}`]);
    expect(buildHistoryWhere({ po: "x" }).sql).not.toMatch(/LIKE|GLOB/i);
  });

  it("adds the upper-case PO range only when it differs from the typed one", () => {
    expect(buildHistoryWhere({ po: "ha-us-1" })).toEqual({
      sql: "((s.purchaseOrderNumber >= ? AND s.purchaseOrderNumber < ?) OR (s.purchaseOrderNumber >= ? AND s.purchaseOrderNumber < ?))",
      params: ["ha-us-1", `ha-us-1${MAX_CHAR}`, "HA-US-1", `HA-US-1${MAX_CHAR}`],
    });
    expect(buildHistoryWhere({ po: "Po-été" }).params).toEqual([
      "Po-été",
      `Po-été${MAX_CHAR}`,
      "PO-ÉTÉ",
      `PO-ÉTÉ${MAX_CHAR}`,
    ]);
  });

  it("leaves out a free-text filter with nothing searchable", () => {
    expect(buildHistoryWhere({ q: '"*-:' })).toEqual({ sql: "", params: [] });
    expect(buildHistoryWhere({ q: "()", kind: "tracking" })).toEqual({ sql: "s.kind = ?", params: ["tracking"] });
  });

  it("ANDs every filter, with params in the order of their placeholders", () => {
    const where = buildHistoryWhere({ ...BASIC, po: "ha-1", recipe: "ab12", q: "not found" });
    expect(where.sql).toBe(
      [
        "s.kind = ?",
        "s.state = ?",
        "s.environment = ?",
        "s.operatorEmail = ?",
        "((s.purchaseOrderNumber >= ? AND s.purchaseOrderNumber < ?) OR (s.purchaseOrderNumber >= ? AND s.purchaseOrderNumber < ?))",
        "s.id IN (SELECT li.submissionId FROM SubmissionLineItem li WHERE li.recipeSetReadableId IN (?, ?))",
        "s.createdAt >= ?",
        "s.createdAt < ?",
        "s.id IN (SELECT rowid FROM SubmissionSearch WHERE SubmissionSearch MATCH ?)",
      ].join(" AND "),
    );
    expect(where.params).toEqual([
      "status",
      "rejected",
      "Production",
      "olive@example.com",
      "ha-1",
      `ha-1${MAX_CHAR}`,
      "HA-1",
      `HA-1${MAX_CHAR}`,
      "ab12",
      "AB12",
      utc("2024-01-01T00:00:00Z"),
      utc("2024-02-01T00:00:00Z"),
      '"not"* "found"*',
    ]);
    expect(where.sql.split("?").length - 1).toBe(where.params.length);
  });

  it("a batch: the submissions under its items' keys or recorded on its items (not a skipped item's)", () => {
    const where = buildHistoryWhere({ batch: "42", kind: "tracking" });
    expect(where.sql).toBe(
      [
        "s.kind = ?",
        `s.id IN (SELECT bs."id" FROM "BatchItem" bi JOIN "Submission" bs ON bs."idempotencyKey" = bi."idempotencyKey" WHERE bi."batchId" = ? UNION SELECT bj."submissionId" FROM "BatchItem" bj WHERE bj."batchId" = ? AND bj."submissionId" IS NOT NULL AND bj."state" <> 'skipped')`,
      ].join(" AND "),
    );
    expect(where.params).toEqual(["tracking", 42, 42]);
  });

  it("uses the given table alias", () => {
    const where = buildHistoryWhere({ kind: "tracking", po: "P", recipe: "R", from: "2024-01-01", q: "x" }, "sub");
    expect(where.sql).not.toMatch(/\bs\./);
    expect(where.sql.match(/\bsub\./g)).toHaveLength(6);
  });
});

describe("buildHistoryPageQuery", () => {
  const cursor = { createdAt: 1_710_000_000_123, id: 77 };

  it("fetches limit + 1 rows, newest first, on the first page", () => {
    const q = buildHistoryPageQuery({}, {}, 50);
    expect(q.params).toEqual([51]);
    expect(q.sql).not.toMatch(/\nWHERE/);
    expect(q.sql).toMatch(/ORDER BY s\.createdAt DESC, s\.id DESC\nLIMIT \?$/);
    for (const column of HISTORY_COLUMNS) expect(q.sql).toContain(`s.${column}`);
    expect(q.sql).toContain("AS needsAttention");
    expect(q.sql).toContain("AS resolutionKind");
  });

  it("pages older than a before cursor, newest first", () => {
    const q = buildHistoryPageQuery({}, { before: cursor }, 10);
    expect(q.sql).toContain("WHERE s.createdAt <= ? AND (s.createdAt < ? OR s.id < ?)");
    expect(q.sql).toMatch(/ORDER BY s\.createdAt DESC, s\.id DESC/);
    expect(q.params).toEqual([cursor.createdAt, cursor.createdAt, cursor.id, 11]);
  });

  it("pages newer than an after cursor, oldest first (the caller reverses)", () => {
    const q = buildHistoryPageQuery({}, { after: cursor }, 10);
    expect(q.sql).toContain("WHERE s.createdAt >= ? AND (s.createdAt > ? OR s.id > ?)");
    expect(q.sql).toMatch(/ORDER BY s\.createdAt ASC, s\.id ASC/);
    expect(q.params).toEqual([cursor.createdAt, cursor.createdAt, cursor.id, 11]);
  });

  it("ANDs the cursor with the filters, filter params first and the limit last", () => {
    const filters: HistoryFilters = { kind: "tracking", po: "ha" };
    const where = buildHistoryWhere(filters);
    const q = buildHistoryPageQuery(filters, { before: cursor }, 25);
    expect(q.sql).toContain(`WHERE ${where.sql} AND s.createdAt <= ? AND (s.createdAt < ? OR s.id < ?)`);
    expect(q.params).toEqual([...where.params, cursor.createdAt, cursor.createdAt, cursor.id, 26]);
    expect(q.sql.split("?").length - 1).toBe(q.params.length);
  });

  it("follows after when both cursors are given", () => {
    const q = buildHistoryPageQuery({}, { before: { createdAt: 1, id: 1 }, after: cursor }, 5);
    expect(q.sql).toMatch(/ORDER BY s\.createdAt ASC/);
    expect(q.params).toEqual([cursor.createdAt, cursor.createdAt, cursor.id, 6]);
  });
});

describe("operator filter", () => {
  it("matches the recorded operator email, case-insensitively typed", () => {
    const where = buildHistoryWhere({ operator: "Olive@Example.com" });
    expect(where.sql).toBe("s.operatorEmail = ?");
    expect(where.params).toEqual(["olive@example.com"]);
  });
});
