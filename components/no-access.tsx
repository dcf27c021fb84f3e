import Link from "next/link";

export function NoAccess({ what }: { what: string }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-6 text-sm">
      <h1 className="text-lg font-semibold">No access</h1>
      <p className="mt-1">
        Your role does not allow {what}. Ask an admin if you need it.{" "}
        <Link href="/history" className="text-blue-800 underline">
          See the history
        </Link>
        .
      </p>
    </div>
  );
}
