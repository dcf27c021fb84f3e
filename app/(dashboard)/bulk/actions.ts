"use server";

import { z } from "zod";
import { validatedAction } from "@/lib/actions/validated-action";
import { prepareBatch } from "@/lib/bulk/prepare";
import { kickBatchRunner } from "@/lib/bulk/runner";
import { cancelBatch, createBatch, setBatchState } from "@/lib/db/batches";
import { env } from "@/lib/env.mjs";
import { checkBulkWarnings } from "@/lib/guard/check";
import { bulkBatchSchema, bulkWarningsSchema } from "@/lib/schemas/bulk";
import { configuredKind } from "@/lib/spectrum/configured-kinds";

/**
 * Creates a batch from the rows as uploaded: validated and grouped again here with the kinds' own schemas (the
 * browser's preview is never trusted), stored with one item per purchase order, then sent by the batch runner.
 */
export const createBatchAction = validatedAction(
  "submission:send",
  bulkBatchSchema,
  async (input, operator) => {
    const kind = configuredKind(input.kind);
    const prepared = prepareBatch(kind, input);
    if (!prepared.ok) return { ok: false, message: prepared.message };
    const ready = prepared.preview.counts.ready;
    if (env.isProduction && input.confirmedPurchaseOrders !== ready) {
      return {
        ok: false,
        message: `Not sent: this is Production. Confirm sending ${ready} purchase order${ready === 1 ? "" : "s"} first.`,
      };
    }
    const id = await createBatch({
      kind: input.kind,
      environment: env.environmentName,
      operator,
      sourceName: input.sourceName,
      rowCount: input.rows.length,
      columns: input.headers,
      includeAlreadySent: input.includeAlreadySent,
      items: prepared.items,
    });
    kickBatchRunner();
    return { ok: true, data: { id } };
  },
  {
    invalidMessage: "The rows could not be read as a batch. Nothing was sent to Spectrum.",
    errorMessage: "Something went wrong on the server. Nothing was sent; check the batches below before trying again.",
  },
);

const batchControl = z.object({ id: z.number().int().positive(), to: z.enum(["pause", "resume", "cancel"]) });

/** Pause, Resume, Cancel (Cancel stops what has not been sent; nothing sent is undone). */
export const controlBatchAction = validatedAction("submission:send", batchControl, async ({ id, to }) => {
  const changed =
    to === "cancel"
      ? await cancelBatch(id)
      : to === "pause"
        ? await setBatchState(id, ["running"], "paused", "Paused by an operator.")
        : await setBatchState(id, ["paused"], "running");
  if (to === "resume" && changed) kickBatchRunner();
  return changed
    ? { ok: true, data: { id } }
    : { ok: false, message: "The batch is no longer in a state that allows this." };
});

/**
 * The preview's "already sent" check for a chunk of its ready purchase orders (a few hundred per call): the
 * warnings per order and line, from the audit log only (no Spectrum call). A failure here never blocks a send: the
 * runner checks every order again before it sends it.
 */
export const checkBulkWarningsAction = validatedAction(
  "submission:send",
  bulkWarningsSchema,
  async (input) => ({
    ok: true,
    data: {
      orders: await checkBulkWarnings({
        kind: input.kind,
        orders: input.orders.map((order) => ({
          purchaseOrderNumber: order.purchaseOrderNumber,
          lines: order.lines.map((line) => ({
            recipeSetReadableId: line.recipeSetReadableId,
            shipmentTracking: line.shipmentTracking ?? null,
            workflowStatus: line.workflowStatus ?? null,
          })),
        })),
      }),
    },
  }),
  { invalidMessage: "These rows could not be checked for earlier sends." },
);
