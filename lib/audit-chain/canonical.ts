// The audit chain's hashing: pure functions, shared by the server, `npm run audit:verify` and the seed.
//
// Canonical JSON, as hashed (change it and every existing chain stops verifying):
// - objects: keys sorted by UTF-16 code unit (JavaScript's default sort), no whitespace, every key present
//   (a missing value is null, never left out);
// - strings: as JSON.stringify writes them;
// - numbers: safe integers only (no floating formats: a fraction, NaN or 1e21 is refused, not rounded);
// - times: UTC ISO 8601 with milliseconds ("2026-11-23T20:45:01.123Z");
// - booleans and null as JSON; arrays in their given order.
// An entry's hash is SHA-256 over the UTF-8 bytes of the previous entry's hash (64 lowercase hex digits; 64 zeros
// before the first entry) followed by the canonical JSON of {record, sealedAt, seq, type}: hex, lowercase.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export const CHAIN_TYPES = ["submission", "resolution", "auth_event"] as const;
export type ChainType = (typeof CHAIN_TYPES)[number];

export type CanonicalValue =
  string | number | boolean | null | Date | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

export class CanonicalJsonError extends Error {}

/** The canonical JSON text of a value (see the rules above). */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`not a safe integer: ${value}`);
      return String(value);
    case "object":
      break;
    default:
      throw new CanonicalJsonError(`cannot be hashed: a ${typeof value}`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CanonicalJsonError("an invalid date");
    return JSON.stringify(value.toISOString());
  }
  if (Array.isArray(value)) return `[${value.map((v: CanonicalValue) => canonicalJson(v)).join(",")}]`;
  const object = value as { readonly [key: string]: CanonicalValue };
  const keys = Object.keys(object).sort();
  return `{${keys
    .map((key) => {
      const v = object[key];
      if (v === undefined) throw new CanonicalJsonError(`no value for "${key}" (use null)`);
      return `${JSON.stringify(key)}:${canonicalJson(v)}`;
    })
    .join(",")}}`;
}

export interface ChainEntryContent {
  seq: number;
  type: ChainType;
  sealedAt: Date;
  record: { readonly [key: string]: CanonicalValue };
}

/** The canonical document an entry hashes. */
export function entryDocument(entry: ChainEntryContent): string {
  return canonicalJson({ record: entry.record, sealedAt: entry.sealedAt, seq: entry.seq, type: entry.type });
}

/** SHA-256(previous hash ‖ canonical JSON of the entry), lowercase hex. */
export function entryHash(previousHash: string, entry: ChainEntryContent): string {
  return createHash("sha256").update(previousHash, "utf8").update(entryDocument(entry), "utf8").digest("hex");
}

export const isChainType = (value: string): value is ChainType => (CHAIN_TYPES as readonly string[]).includes(value);
