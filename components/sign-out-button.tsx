import { signOutAction } from "@/app/(auth)/actions";

/** A plain form: signing out works even before the page is interactive. */
export function SignOutButton() {
  return (
    <form action={signOutAction as unknown as (formData: FormData) => Promise<void>}>
      <button
        type="submit"
        className="rounded-md px-2 py-1 text-sm font-medium whitespace-nowrap text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
      >
        Sign out
      </button>
    </form>
  );
}
