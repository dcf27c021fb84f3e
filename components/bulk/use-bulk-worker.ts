"use client";

import { useCallback, useEffect, useRef } from "react";
import type { BulkWorkerRequest } from "./bulk.worker";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Pending = Map<number, (result: unknown) => void>;

/** The bulk page's web worker (./bulk.worker.ts), as a function that answers a request with a promise. */
export function useBulkWorker() {
  const worker = useRef<Worker | null>(null);
  const pending = useRef<Pending>(new Map());
  const next = useRef(1);

  useEffect(() => {
    const current = pending.current;
    return () => {
      worker.current?.terminate();
      worker.current = null;
      current.clear();
    };
  }, []);

  return useCallback(<T>(request: DistributiveOmit<BulkWorkerRequest, "id">): Promise<T> => {
    if (!worker.current) {
      worker.current = new Worker(new URL("./bulk.worker.ts", import.meta.url), { type: "module" });
      worker.current.onmessage = (event: MessageEvent<{ id: number; result: unknown }>) => {
        pending.current.get(event.data.id)?.(event.data.result);
        pending.current.delete(event.data.id);
      };
    }
    const id = next.current++;
    return new Promise<T>((resolve) => {
      pending.current.set(id, resolve as (result: unknown) => void);
      worker.current!.postMessage({ ...request, id });
    });
  }, []);
}
