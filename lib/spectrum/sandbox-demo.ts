/**
 * What the built-in Spectrum sandbox (sandbox/server.ts) knows at start, as plain data: the home page lists it while
 * the sandbox is active, so staff can try the tool without touching a real order. Kept here, apart from the server,
 * so the app never imports test-only code.
 */
export interface DemoOrder {
  purchaseOrderNumber: string;
  description: string;
  recipeSetReadableIds: string[];
  /** what Spectrum already holds for each line, in the order of the IDs (the order lookup shows it) */
  initial?: { workflowStatus?: string; shipmentTracking?: string }[];
}

export const DEMO_ORDERS: DemoOrder[] = [
  {
    purchaseOrderNumber: "HA-US-DEV00011101",
    description: "One line, from Spectrum's documentation",
    recipeSetReadableIds: ["MUEMVK2U"],
  },
  {
    purchaseOrderNumber: "HA-US-DEMO0002",
    description: "Two customised pairs",
    recipeSetReadableIds: ["ABCD1234", "EFGH5678"],
  },
  {
    purchaseOrderNumber: "HA-US-DEMO0003",
    description: "Three-item team order",
    recipeSetReadableIds: ["RS7Q2M4X", "RS8K3N5Y", "RS9L4P6Z"],
  },
  {
    purchaseOrderNumber: "HA-EU-DEMO0004",
    description: "Eight lines, one per workflow status",
    recipeSetReadableIds: [
      "WF1NS7AA",
      "WF2IP7BB",
      "WF3CO7CC",
      "WF4RV7DD",
      "WF5OH7EE",
      "WF6AP7FF",
      "WF7DL7GG",
      "WF8CA7HH",
    ],
    initial: [
      { workflowStatus: "not-started" },
      { workflowStatus: "in-progress" },
      { workflowStatus: "completed" },
      { workflowStatus: "revision" },
      { workflowStatus: "on-hold" },
      { workflowStatus: "approved" },
      { workflowStatus: "delivered", shipmentTracking: "1Z5R89390357567127" },
      { workflowStatus: "cancelled" },
    ],
  },
];

/**
 * Purchase order numbers that make the sandbox misbehave, for trying the error handling by hand and in
 * tests. Any PO that starts with one of these prefixes triggers the fault (so tests can add a suffix).
 */
export const SANDBOX_FAULTS = [
  { prefix: "FAULT-500", effect: "answers 500 with Spectrum's error details" },
  { prefix: "FAULT-502", effect: "answers 502 with an HTML page, as a broken proxy would" },
  { prefix: "FAULT-BADJSON", effect: "answers 500 with malformed JSON" },
  // Before FAULT-403, which is its prefix.
  {
    prefix: "FAULT-403ONCE",
    effect: "answers 403 to the order's first call, then as usual (a rate limit that passed)",
  },
  { prefix: "FAULT-403", effect: "answers 403, as Spectrum does when rate limiting" },
  { prefix: "FAULT-SLOW", effect: "answers only after the dashboard's timeout (the update is applied)" },
  { prefix: "FAULT-RESET", effect: "reads the request, then drops the connection without answering" },
] as const;

export type SandboxFault = (typeof SANDBOX_FAULTS)[number]["prefix"];
