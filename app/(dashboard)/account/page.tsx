import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const me = await requirePageUser("own-account", "/account");
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">Account</h1>
        <p className="mt-1 text-sm text-slate-600">
          {me.name} ({me.email}), {ROLE_LABELS[me.role]}.
        </p>
      </div>
      {me.mustChangePassword ? (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
          data-testid="password-change-due"
        >
          Your password was reset by an admin. Choose a new password to continue: nothing else is available until then.
        </p>
      ) : null}
      <ChangePasswordForm forced={me.mustChangePassword} />
    </div>
  );
}
