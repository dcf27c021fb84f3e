import Link from "next/link";
import { RecentSubmissions } from "@/components/history/recent-submissions";
import { can } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { listRecentSubmissions } from "@/lib/db/audit";
import { getTodayCounts } from "@/lib/db/history";
import { env } from "@/lib/env.mjs";
import { DEMO_ORDERS, SANDBOX_FAULTS } from "@/lib/spectrum/sandbox-demo";
import { ButtonLink } from "@/components/ui/button";
import { Table } from "@/components/ui/table";
import { KINDS } from "@/lib/spectrum/kinds";

export default async function HomePage() {
  const user = await requirePageUser("history:read", "/");
  const canSend = can(user.role, "submission:send");
  const [recent, today] = await Promise.all([listRecentSubmissions(20), getTodayCounts()]);
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="actions-heading" className="flex flex-col gap-3">
        <h1 id="actions-heading" className="text-2xl font-bold">
          Spectrum Ops
        </h1>
        <p className="text-sm text-slate-600">
          Push order updates to Spectrum ({env.environmentName}) by hand. Every submission and Spectrum&apos;s answer is
          kept in the audit log.
        </p>
        {canSend ? (
          <div className="flex flex-wrap gap-3">
            {Object.values(KINDS).map((kind, i) => (
              <ButtonLink key={kind.kind} href={kind.route} variant={i === 0 ? "primary" : "secondary"}>
                {kind.navLabel}
              </ButtonLink>
            ))}
          </div>
        ) : null}
      </section>

      <section aria-labelledby="today-heading" className="flex flex-col gap-3">
        <h2 id="today-heading" className="text-lg font-semibold">
          Today <span className="text-sm font-normal text-slate-500">(UTC)</span>
        </h2>
        <ul className="grid gap-3 sm:grid-cols-3" data-testid="today-counts">
          <Count label="Sent today" value={today.sent} href="/history" />
          <Count label="Succeeded today" value={today.succeeded} href="/history?outcome=succeeded" />
          <Count
            label="Needing attention"
            value={today.needsAttention}
            href="/history/attention"
            alert={today.needsAttention > 0}
          />
        </ul>
      </section>

      <section aria-labelledby="recent-heading" className="flex flex-col gap-3">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Recent submissions
        </h2>
        <RecentSubmissions rows={recent} />
      </section>

      {env.isSandbox ? <SandboxOrders /> : null}
    </div>
  );
}

function Count({ label, value, href, alert = false }: { label: string; value: number; href: string; alert?: boolean }) {
  return (
    <li>
      <Link
        href={href}
        className={`flex flex-col rounded-lg border bg-white p-4 hover:bg-slate-50 ${alert ? "border-red-300" : "border-slate-200"}`}
      >
        <span className="text-sm text-slate-600">{label}</span>
        <span className={`text-3xl font-bold tabular-nums ${alert ? "text-red-700" : ""}`} data-testid={label}>
          {value}
        </span>
      </Link>
    </li>
  );
}

function SandboxOrders() {
  return (
    <section
      aria-labelledby="sandbox-heading"
      className="flex flex-col gap-3 rounded-lg border border-emerald-200 bg-emerald-50/50 p-4"
    >
      <h2 id="sandbox-heading" className="text-lg font-semibold">
        Sandbox demo orders
      </h2>
      <p className="text-sm text-slate-700">
        No real Spectrum is configured: submissions go to the built-in sandbox, which follows Spectrum&apos;s contract.
        These orders exist there; any other purchase order or recipe set ID is &ldquo;not found&rdquo;.
      </p>
      <Table
        variant="plain"
        caption="Demo orders in the sandbox"
        columns={["Purchase order", "Recipe set IDs", "About", "Try it"]}
      >
        {DEMO_ORDERS.map((order) => {
          const query = `po=${encodeURIComponent(order.purchaseOrderNumber)}&ids=${encodeURIComponent(order.recipeSetReadableIds.join(","))}`;
          return (
            <tr key={order.purchaseOrderNumber} className="border-t border-emerald-100 align-top">
              <td className="py-1 pr-3 font-mono whitespace-nowrap">{order.purchaseOrderNumber}</td>
              <td className="py-1 pr-3 font-mono">{order.recipeSetReadableIds.join(", ")}</td>
              <td className="py-1 pr-3">{order.description}</td>
              <td className="py-1 whitespace-nowrap">
                <Link href={`${KINDS.tracking.route}?${query}`} className="text-blue-800 underline">
                  tracking
                </Link>{" "}
                ·{" "}
                <Link href={`${KINDS.status.route}?${query}`} className="text-blue-800 underline">
                  status
                </Link>
              </td>
            </tr>
          );
        })}
      </Table>
      <h3 className="mt-2 text-sm font-semibold">Simulated faults</h3>
      <ul className="list-inside list-disc text-sm text-slate-700">
        {SANDBOX_FAULTS.map((fault) => (
          <li key={fault.prefix}>
            A purchase order starting with <code className="font-mono">{fault.prefix}</code> {fault.effect}.
          </li>
        ))}
      </ul>
    </section>
  );
}
