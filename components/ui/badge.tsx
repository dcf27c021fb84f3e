const tones = {
  neutral: "bg-slate-100 text-slate-800 ring-slate-300",
  good: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  bad: "bg-red-100 text-red-900 ring-red-300",
  warn: "bg-amber-100 text-amber-900 ring-amber-300",
  muted: "bg-slate-50 text-slate-600 ring-slate-200",
} as const;

export type BadgeStyle = { label: string; tone: keyof typeof tones; description: string };

export function Badge({ style }: { style: BadgeStyle }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${tones[style.tone]}`}
      title={style.description}
    >
      {style.label}
    </span>
  );
}
