// npm run sandbox -- [--port 4010]
// Runs only the Spectrum sandbox (the e2e tests start it this way). Token from SPECTRUM_API_TOKEN.
import { parseArgs } from "node:util";
import { parseWorkflowStatusList } from "../lib/schemas/workflow-statuses.mjs";
import { createSandbox } from "../sandbox/server";

const { values } = parseArgs({ options: { port: { type: "string", default: process.env.SANDBOX_PORT ?? "4010" } } });
const token = process.env.SPECTRUM_API_TOKEN;
if (!token) {
  console.error("Set SPECTRUM_API_TOKEN: the sandbox checks it like Spectrum does.");
  process.exit(1);
}
const statuses = parseWorkflowStatusList(process.env.SPECTRUM_WORKFLOW_STATUSES);
if (!statuses.ok) {
  console.error(`SPECTRUM_WORKFLOW_STATUSES: ${statuses.message}`);
  process.exit(1);
}
const sandbox = createSandbox({
  workflowStatuses: statuses.statuses,
  token,
  slowMs: Number(process.env.SANDBOX_SLOW_MS ?? 20_000),
  notFoundStatus: process.env.SANDBOX_NOT_FOUND_STATUS === "404" ? 404 : 409,
});
const url = await sandbox.listen(Number(values.port));
console.log(`Spectrum sandbox listening on ${url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void sandbox.close().then(() => process.exit(0)));
}
