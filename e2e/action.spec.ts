import { expect, test } from "./fixtures";
import { sandbox } from "./support/sandbox";
import { submissionsFor, uid } from "./support/env";

/**
 * A server action is a public POST endpoint: a script can call it without the form. Such a request with
 * invalid input must be refused with field errors, and Spectrum must not be called.
 */
test("a request sent straight to the server action with invalid input is refused with field errors", async ({
  page,
}) => {
  // Learn the action's id the way a script would: from one real request made by the page.
  const po = `PO-ACT-${uid()}`;
  const id = `RA${uid()}`;
  await sandbox.createOrder(po, [id]);
  await page.goto("/ship");
  await page.getByLabel("Purchase order number").fill(po);
  await page.getByLabel("Recipe set ID").fill(id);
  await page.getByLabel("Tracking number").fill("TRACK-ACT");
  const [actionRequest] = await Promise.all([
    page.waitForRequest(
      (r) => r.method() === "POST" && !!r.headers()["next-action"] && (r.postData() ?? "").includes("idempotencyKey"),
    ),
    page.getByRole("button", { name: "Send tracking" }).click(),
  ]);
  await expect(page.getByTestId("submission-result").getByRole("heading")).toContainText("Succeeded");
  const actionId = actionRequest.headers()["next-action"]!;
  const headers = {
    "next-action": actionId,
    accept: "text/x-component",
    "content-type": actionRequest.headers()["content-type"] ?? "text/plain;charset=UTF-8",
  };

  const badPo = `PO-RAW-${uid()}`;
  const invalid = [
    {
      idempotencyKey: "00000000-0000-4000-8000-000000000001",
      payload: {
        purchaseOrderNumber: badPo,
        lineItems: [
          { recipeSetReadableId: "", shipmentTracking: "T1" },
          { recipeSetReadableId: "X1", shipmentTracking: "T2", unexpected: "ignored", serialNumbers: ["A", "A"] },
          { recipeSetReadableId: "X1", shipmentTracking: "x".repeat(101) },
        ],
      },
    },
  ];
  const response = await page.request.post("/ship", { headers, data: JSON.stringify(invalid) });
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(text).toContain('"ok":false');
  expect(text).toContain('"lineItems.0.recipeSetReadableId":["Recipe set ID is required"]');
  expect(text).toContain('"lineItems.1.serialNumbers":["A serial number is listed twice"]');
  expect(text).toContain('"lineItems.2.recipeSetReadableId":["Duplicate recipe set ID: already on line 2"]');
  expect(text).toContain('"lineItems.2.shipmentTracking":["Tracking number must be at most 100 characters"]');
  expect(text).toContain("Nothing was sent to Spectrum");

  // Not a payload at all, and a bad idempotency key.
  const garbage = await page.request.post("/ship", {
    headers,
    data: JSON.stringify([{ idempotencyKey: "nope", payload: { purchaseOrderNumber: badPo, lineItems: "all" } }]),
  });
  const garbageText = await garbage.text();
  expect(garbageText).toContain('"idempotencyKey":["Missing or invalid idempotency key: reload the page"]');
  expect(garbageText).toContain('"lineItems"');

  expect(await sandbox.requests(badPo)).toHaveLength(0);
  expect(submissionsFor(badPo)).toHaveLength(0);

  // The same route with a valid payload does go through, so the refusals above were about the input.
  const validPo = `PO-RAW-OK-${uid()}`;
  await sandbox.createOrder(validPo, ["OK1"]);
  const ok = await page.request.post("/ship", {
    headers,
    data: JSON.stringify([
      {
        idempotencyKey: "00000000-0000-4000-8000-000000000002",
        payload: { purchaseOrderNumber: validPo, lineItems: [{ recipeSetReadableId: "OK1", shipmentTracking: "T" }] },
      },
    ]),
  });
  expect(await ok.text()).toContain('"state":"succeeded"');
  const [received] = await sandbox.requests(validPo);
  // Only documented fields are forwarded.
  expect(JSON.parse(received!.body)).toEqual({
    purchaseOrderNumber: validPo,
    lineItems: [{ recipeSetReadableId: "OK1", shipmentTracking: "T" }],
  });
});
