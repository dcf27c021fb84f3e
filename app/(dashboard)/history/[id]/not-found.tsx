import Link from "next/link";

export default function SubmissionNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 text-sm">
      <h1 className="text-lg font-semibold">No such submission</h1>
      <p className="mt-1 text-slate-600">
        It may have been mistyped.{" "}
        <Link href="/history" className="text-blue-800 underline">
          Back to the history
        </Link>
        .
      </p>
    </div>
  );
}
