// The audit chain's canonical JSON and entry hash (lib/audit-chain/canonical.ts): what is hashed must not depend
// on key order, time zones or number formatting, and anything that cannot be written one way only is refused.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, entryDocument, entryHash, GENESIS_HASH } from "@/lib/audit-chain/canonical";

describe("canonical JSON", () => {
  it("sorts keys at every level and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: true }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[2,{"y":true,"z":null}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it("writes times in UTC ISO 8601 with milliseconds, whatever the zone they were made in", () => {
    expect(canonicalJson({ at: new Date("2026-11-23T21:45:01.5+01:00") })).toBe('{"at":"2026-11-23T20:45:01.500Z"}');
  });

  it("escapes strings as JSON does, keeping non-ASCII text as it is", () => {
    expect(canonicalJson('line "1"\nÜber 📦')).toBe('"line \\"1\\"\\nÜber 📦"');
  });

  it.each([
    ["a fraction", 1.5],
    ["NaN", Number.NaN],
    ["an unsafe integer", 2 ** 53],
    ["infinity", Number.POSITIVE_INFINITY],
  ])("refuses %s (no floating formats)", (_what, value) => {
    expect(() => canonicalJson({ n: value })).toThrow(/not a safe integer/);
  });

  it("refuses a missing value and an invalid date instead of leaving them out", () => {
    expect(() => canonicalJson({ a: undefined } as never)).toThrow(/no value for "a"/);
    expect(() => canonicalJson({ a: new Date(Number.NaN) })).toThrow(/invalid date/);
  });
});

describe("entry hash", () => {
  const entry = { seq: 1, type: "submission" as const, sealedAt: new Date(0), record: { id: 7, state: "succeeded" } };

  it("is SHA-256 of the previous hash followed by the entry's canonical document", () => {
    const expected = createHash("sha256")
      .update(
        `${GENESIS_HASH}{"record":{"id":7,"state":"succeeded"},"sealedAt":"1970-01-01T00:00:00.000Z","seq":1,"type":"submission"}`,
      )
      .digest("hex");
    expect(entryDocument(entry)).toBe(
      '{"record":{"id":7,"state":"succeeded"},"sealedAt":"1970-01-01T00:00:00.000Z","seq":1,"type":"submission"}',
    );
    expect(entryHash(GENESIS_HASH, entry)).toBe(expected);
  });

  it("changes with the previous hash, the position and any field of the record", () => {
    const base = entryHash(GENESIS_HASH, entry);
    expect(entryHash("1".repeat(64), entry)).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, seq: 2 })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, record: { id: 7, state: "failed" } })).not.toBe(base);
  });
});
