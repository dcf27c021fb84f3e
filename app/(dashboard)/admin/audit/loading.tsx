export default function Loading() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true" aria-live="polite">
      <p className="text-sm text-slate-500">Loading the audit chain…</p>
      <div className="h-32 animate-pulse rounded-lg bg-slate-200/60" />
      <div className="h-40 animate-pulse rounded-lg bg-slate-200/60" />
    </div>
  );
}
