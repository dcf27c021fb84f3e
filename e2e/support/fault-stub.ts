// A Spectrum stand-in for fault tests: a real HTTP server whose answer to each purchase order a test scripts,
// including when it answers (so the test can break the database while Spectrum "thinks").
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
  method: string;
  path: string;
  purchaseOrderNumber: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface StubAnswer {
  status: number;
  /** sent as is: JSON text, HTML, or anything a proxy might return */
  body: string;
  contentType?: string;
}

/**
 * Instead of an answer: "reset" drops the connection once the request is read (no response at all); "hang" never
 * answers, so the connection stays open until the client gives up (or the stub closes).
 */
export type StubNonAnswer = "reset" | "hang";

/** Runs when a request for the order arrives; the answer is sent when it resolves. */
export type StubHandler = (request: StubRequest) => Promise<StubAnswer | StubNonAnswer> | StubAnswer | StubNonAnswer;

const ok = (po: string): StubAnswer => ({
  status: 200,
  body: JSON.stringify({ purchaseOrderNumber: po, status: "Success", details: "Order updated." }),
});

export interface FaultStub {
  url: string;
  received: StubRequest[];
  /** scripts the answer for one purchase order (default: 200, all updated) */
  on(purchaseOrderNumber: string, handler: StubHandler): void;
  /** resolves when `count` requests for orders starting with `prefix` have arrived */
  waitFor(prefix: string, count: number, timeoutMs?: number): Promise<StubRequest[]>;
  close(): Promise<void>;
}

export async function startFaultStub(token: string): Promise<FaultStub> {
  const handlers = new Map<string, StubHandler>();
  const received: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let po = "";
      try {
        po = String((JSON.parse(body) as { purchaseOrderNumber?: unknown }).purchaseOrderNumber ?? "");
      } catch {
        // recorded with an empty order number
      }
      const request: StubRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        purchaseOrderNumber: po,
        body,
        headers: req.headers,
      };
      received.push(request);
      if (req.headers["spectrum_api_token"] !== token) {
        res
          .writeHead(401, { "content-type": "application/json" })
          .end(JSON.stringify({ status: "Error", details: "Unauthorized" }));
        return;
      }
      const handler = handlers.get(po);
      const answer = handler ? await handler(request) : ok(po);
      if (res.destroyed || answer === "hang") return;
      if (answer === "reset") {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "content-type": answer.contentType ?? "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    on: (po, handler) => void handlers.set(po, handler),
    async waitFor(prefix, count, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter((r) => r.purchaseOrderNumber.startsWith(prefix));
        if (matching.length >= count) return matching;
        if (Date.now() > until)
          throw new Error(`the stub received ${matching.length} of ${count} requests for ${prefix}…`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
