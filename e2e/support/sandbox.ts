import type { RecordedRequest, SandboxLine } from "../../sandbox/server";
import { SANDBOX_URL } from "./env";

/** Talks to the sandbox's /__sandbox/ control endpoints: what Spectrum would hold and receive. */
export const sandbox = {
  async createOrder(purchaseOrderNumber: string, recipeSetReadableIds: string[]) {
    const res = await fetch(`${SANDBOX_URL}/__sandbox/orders`, {
      method: "POST",
      body: JSON.stringify({ purchaseOrderNumber, recipeSetReadableIds }),
    });
    if (res.status !== 201) throw new Error(`sandbox refused the order: ${res.status}`);
  },
  async requests(purchaseOrderNumber: string): Promise<RecordedRequest[]> {
    const res = await fetch(
      `${SANDBOX_URL}/__sandbox/requests?purchaseOrderNumber=${encodeURIComponent(purchaseOrderNumber)}`,
    );
    return (await res.json()) as RecordedRequest[];
  },
  async order(purchaseOrderNumber: string): Promise<SandboxLine[]> {
    const res = await fetch(`${SANDBOX_URL}/__sandbox/orders`);
    const orders = (await res.json()) as { purchaseOrderNumber: string; lines: SandboxLine[] }[];
    return orders.find((o) => o.purchaseOrderNumber === purchaseOrderNumber)?.lines ?? [];
  },
};
