"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/**
 * False during server rendering and until the page is interactive. Controls that need JavaScript stay
 * disabled until then: a click before hydration would be lost, and a form submitted natively would put
 * its fields (a password, an order) in the URL.
 */
export function useHydrated(): boolean {
  // The server snapshot is used while hydrating, the client's right after.
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
