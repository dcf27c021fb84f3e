import { NextResponse, type NextRequest } from "next/server";
import { listHistory } from "@/lib/db/history";
import { parseHistoryFilters, parseHistoryPage } from "@/lib/schemas/history-filters";

/** One page of the audit history as JSON (the history list fetches it with react-query). */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const page = await listHistory(parseHistoryFilters(params), parseHistoryPage(params));
  return NextResponse.json(page, { headers: { "Cache-Control": "no-store" } });
}
