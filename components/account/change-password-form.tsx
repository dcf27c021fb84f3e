"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { changePasswordAction } from "@/app/(dashboard)/account/actions";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { PASSWORD_MIN_LENGTH } from "@/lib/schemas/limits";

const FIELDS = [
  ["current-password", "currentPassword", "Current password", "current-password"],
  ["new-password", "newPassword", "New password", "new-password"],
  ["confirm-password", "confirmPassword", "New password again", "new-password"],
] as const;

/** Current, new and confirmation; on success the user stays signed in here and every other session ends. */
export function ChangePasswordForm({ forced }: { forced: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const hydrated = useHydrated();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    start(async () => {
      const result = await changePasswordAction({
        currentPassword: String(data.get("currentPassword") ?? ""),
        newPassword: String(data.get("newPassword") ?? ""),
        confirmPassword: String(data.get("confirmPassword") ?? ""),
      });
      if (result.ok) {
        form.reset();
        setErrors({});
        setMessage({
          ok: true,
          text: "Password changed. You are still signed in here; every other session was signed out.",
        });
        if (forced) router.push("/");
        router.refresh();
      } else {
        setErrors(result.fieldErrors ?? {});
        setMessage({ ok: false, text: result.message });
      }
    });
  };

  return (
    <section
      aria-labelledby="change-password-heading"
      className="max-w-md rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="change-password-heading" className="mb-3 text-lg font-semibold">
        Change password
      </h2>
      <form onSubmit={submit} noValidate className="flex flex-col gap-3">
        {FIELDS.map(([id, name, label, autoComplete]) => (
          <Field
            key={id}
            id={id}
            label={label}
            error={errors[name]?.[0]}
            hint={name === "newPassword" ? `At least ${PASSWORD_MIN_LENGTH} characters.` : undefined}
          >
            <input
              id={id}
              name={name}
              type="password"
              autoComplete={autoComplete}
              className={inputClass}
              aria-invalid={!!errors[name]}
              aria-describedby={describedBy(id, !!errors[name], name === "newPassword")}
            />
          </Field>
        ))}
        <div>
          <Button type="submit" disabled={pending || !hydrated}>
            {pending ? "Changing…" : "Change password"}
          </Button>
        </div>
      </form>
      {message ? (
        <p
          role={message.ok ? "status" : "alert"}
          className={`mt-3 text-sm ${message.ok ? "text-emerald-800" : "text-red-700"}`}
          data-testid="change-password-result"
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
