export function EnvironmentBadge({
  name,
  isProduction,
  isSandbox,
}: {
  name: string;
  isProduction: boolean;
  isSandbox: boolean;
}) {
  const tone = isProduction
    ? "bg-red-600 text-white ring-red-700"
    : isSandbox
      ? "bg-emerald-100 text-emerald-900 ring-emerald-300"
      : "bg-amber-100 text-amber-900 ring-amber-300";
  return (
    <span
      className={`inline-flex items-center rounded-full px-3 py-1 text-xs font-semibold tracking-wide uppercase ring-1 ${tone}`}
      data-testid="environment-badge"
      title={isProduction ? "Submissions change live orders" : undefined}
    >
      <span className="sr-only">Spectrum environment: </span>
      {name}
    </span>
  );
}
