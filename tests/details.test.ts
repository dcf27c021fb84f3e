import { describe, expect, it } from "vitest";
import { parseNotFoundIds } from "@/lib/spectrum/details";

describe("parseNotFoundIds", () => {
  it("reads the documented not-found text", () => {
    expect(parseNotFoundIds("Unable to find recipeSetReadableId(s): MUEMVK2U.")).toEqual(["MUEMVK2U"]);
  });

  it.each([
    ["comma and space", "Unable to find recipeSetReadableId(s): MUEMVK2U, ABCD1234, EFGH5678."],
    ["semicolons", "Unable to find recipeSetReadableId(s): MUEMVK2U;ABCD1234; EFGH5678"],
    ["spaces", "Unable to find recipeSetReadableId(s): MUEMVK2U ABCD1234   EFGH5678."],
    ["new lines", "Unable to find recipeSetReadableId(s):\nMUEMVK2U\nABCD1234\r\nEFGH5678\n"],
    ["commas and a final 'and'", "Unable to find recipeSetReadableId(s): MUEMVK2U, ABCD1234 and EFGH5678."],
    ["'AND' in capitals", "Unable to find recipeSetReadableId(s): MUEMVK2U, ABCD1234 AND EFGH5678"],
    [
      "quotes and a trailing period with spaces",
      "Unable to find recipeSetReadableId(s): 'MUEMVK2U', \"ABCD1234\", EFGH5678 .  ",
    ],
  ])("splits several IDs separated by %s", (_label, text) => {
    expect(parseNotFoundIds(text)).toEqual(["MUEMVK2U", "ABCD1234", "EFGH5678"]);
  });

  it.each([
    "unable to find recipesetreadableid(s): MUEMVK2U.",
    "UNABLE TO FIND RECIPESETREADABLEID(S): MUEMVK2U.",
    "Unable to find recipeSetReadableIds: MUEMVK2U.",
    "Unable to find recipeSetReadableId: MUEMVK2U",
    "Unable to find recipe set readable id(s) - MUEMVK2U.",
    "Error: Unable to find recipeSetReadableId(s): MUEMVK2U.",
  ])("accepts prefix variation %j", (text) => {
    expect(parseNotFoundIds(text)).toEqual(["MUEMVK2U"]);
  });

  it("keeps the IDs' own case (only the prefix is case-insensitive)", () => {
    expect(parseNotFoundIds("Unable to find recipeSetReadableId(s): muemvk2u, AbCd1234.")).toEqual([
      "muemvk2u",
      "AbCd1234",
    ]);
  });

  it("removes duplicates, keeping first-seen order", () => {
    expect(parseNotFoundIds("Unable to find recipeSetReadableId(s): B2, A1, B2, A1, C3.")).toEqual(["B2", "A1", "C3"]);
  });

  it.each([
    "Ship Notification processing for HA-US-DEV00011103 encountered an error.",
    "Updated tracking number for recipeSetReadableId(s): MUEMVK2U.",
    "Not Found",
    "<html><body>404</body></html>",
    "Unable to find purchase order HA-US-1",
  ])("returns null for text that is not a not-found message: %j", (text) => {
    expect(parseNotFoundIds(text)).toBeNull();
  });

  it("returns null for empty, null and undefined", () => {
    expect(parseNotFoundIds("")).toBeNull();
    expect(parseNotFoundIds(null)).toBeNull();
    expect(parseNotFoundIds(undefined)).toBeNull();
  });
});

describe("parseNotFoundIds: text around the list", () => {
  it("stops at the end of the sentence", () => {
    expect(parseNotFoundIds("Unable to find recipeSetReadableId(s): A1, B2. Please check the order.")).toEqual([
      "A1",
      "B2",
    ]);
  });
  it("ignores tokens that are only punctuation", () => {
    expect(parseNotFoundIds("Unable to find recipeSetReadableId(s): A1 & B2.")).toEqual(["A1", "B2"]);
  });
  it("an empty list is an empty array, not null", () => {
    expect(parseNotFoundIds("Unable to find recipeSetReadableId(s): .")).toEqual([]);
  });
});
