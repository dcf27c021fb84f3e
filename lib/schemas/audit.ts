import { z } from "zod";

/** "Verify now" takes no input: the server decides where the run starts (after a partial run, where it stopped). */
export const verifyAuditChainSchema = z.object({});
export type VerifyAuditChainInput = z.infer<typeof verifyAuditChainSchema>;
