"use client";

import { useTransition } from "react";
import { signOutAction } from "@/app/(auth)/actions";

export function SignOutButton() {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        start(async () => {
          await signOutAction(undefined);
          // A full load: nothing of the signed-in pages stays in the client cache.
          window.location.assign("/sign-in");
        })
      }
      className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
