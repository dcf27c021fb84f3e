import { withPermission } from "@/lib/auth/session";
import { listHistory } from "@/lib/db/history";
import { parseHistoryFilters, parseHistoryPage } from "@/lib/schemas/history-filters";

/** One page of the audit history as JSON (the history list fetches it with react-query). */
export const GET = withPermission("history:read", async (request) => {
  const params = new URL(request.url).searchParams;
  const page = await listHistory(parseHistoryFilters(params), parseHistoryPage(params));
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});
