"use client";

import { useEffect, useState } from "react";

/**
 * False during server rendering and until the page is interactive. Controls that need JavaScript stay
 * disabled until then: a click before hydration would be lost, and a form submitted natively would put
 * its fields (a password, an order) in the URL.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
