import "server-only";
import { env } from "@/lib/env.mjs";
import type { WorkflowStatus } from "@/lib/schemas/status";
import { kindDefinition, type KindDefinition } from "./kinds";
import type { SubmissionKind } from "./types";

/**
 * The workflow statuses this server offers and accepts (SPECTRUM_WORKFLOW_STATUSES, default Spectrum's eight).
 * A page passes this list to the form as data; the form builds its kind with
 * `kindDefinition(kind, { workflowStatuses })` (lib/spectrum/kinds.ts), the same definition the action uses.
 */
export function configuredWorkflowStatuses(): WorkflowStatus[] {
  return [...env.workflowStatuses];
}

/** A kind as configured on this server (the status kind with the configured statuses): what the actions use. */
export function configuredKind(kind: SubmissionKind): KindDefinition {
  return kindDefinition(kind, { workflowStatuses: env.workflowStatuses });
}
