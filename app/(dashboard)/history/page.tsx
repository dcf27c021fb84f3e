import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { HistoryView } from "@/components/history/history-view";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { listHistory } from "@/lib/db/history";
import { env } from "@/lib/env.mjs";
import { historySearchParams, parseHistoryFilters, parseHistoryPage } from "@/lib/schemas/history-filters";

export const metadata: Metadata = { title: "History" };

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("history:read", "/history");
  const params = await searchParams;
  const filters = parseHistoryFilters(params);
  const page = parseHistoryPage(params);
  const [first, users] = await Promise.all([listHistory(filters, page), listUsers()]);
  const operators = users.map((u) => ({ name: u.active ? u.name : `${u.name} (deactivated)`, email: u.email }));
  const query = historySearchParams(filters, {
    before: typeof params.before === "string" && page.before ? params.before : undefined,
    after: typeof params.after === "string" && page.after ? params.after : undefined,
  }).toString();
  const environments = [
    ...new Set(
      ["Production", "Staging", "Sandbox", env.environmentName, filters.environment].filter((e): e is string => !!e),
    ),
  ];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <h1 className="text-2xl font-bold">History</h1>
          <p className="mt-1 text-sm text-slate-600">Every submission sent to Spectrum, newest first. Times are UTC.</p>
        </div>
        <Link href="/history/attention" className="ml-auto text-sm font-medium text-blue-800 underline">
          Needs attention →
        </Link>
      </div>
      <Suspense>
        <HistoryView initialQuery={query} initialPage={first} environments={environments} operators={operators} />
      </Suspense>
    </div>
  );
}
