"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import {
  changeRoleAction,
  createUserAction,
  resetPasswordAction,
  setActiveAction,
} from "@/app/(dashboard)/admin/users/actions";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/permissions";
import type { UserRow } from "@/lib/auth/users";

const TEXT_FIELDS = [
  ["new-name", "name", "Name", "text"],
  ["new-email", "email", "Email", "email"],
] as const;

export function CreateUserForm() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const hydrated = useHydrated();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    start(async () => {
      const result = await createUserAction({
        name: String(data.get("name") ?? ""),
        email: String(data.get("email") ?? ""),
        role: String(data.get("role") ?? "") as Role,
      });
      if (result.ok) {
        setCreated(result.data);
        setErrors({});
        setMessage(null);
        form.reset();
        router.refresh();
      } else {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
      }
    });
  };

  return (
    <section aria-labelledby="create-user-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="create-user-heading" className="mb-3 text-lg font-semibold">
        Create a user
      </h2>
      <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-start">
        {TEXT_FIELDS.map(([id, name, label, type]) => (
          <div key={id} className="flex flex-col gap-1">
            <label htmlFor={id} className="text-sm font-medium">
              {label}
            </label>
            <input
              id={id}
              name={name}
              type={type}
              autoComplete="off"
              className={inputClass}
              aria-invalid={!!errors[name]}
              aria-describedby={`${id}-error`}
            />
            <p id={`${id}-error`} className="min-h-4 text-xs text-red-700" aria-live="polite">
              {errors[name]?.[0]}
            </p>
          </div>
        ))}
        <div className="flex flex-col gap-1">
          <label htmlFor="new-role" className="text-sm font-medium">
            Role
          </label>
          <select id="new-role" name="role" defaultValue="operator" className={inputClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1 sm:pt-6">
          <Button type="submit" disabled={pending || !hydrated}>
            {pending ? "Creating…" : "Create user"}
          </Button>
        </div>
      </form>
      {message && Object.keys(errors).length === 0 ? (
        <p role="alert" className="text-sm text-red-700">
          {message}
        </p>
      ) : null}
      {created ? (
        <p
          role="status"
          className="mt-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm"
          data-testid="created-user"
        >
          Created <strong>{created.email}</strong>. Password (shown once, hand it over securely):{" "}
          <code className="font-mono" data-testid="created-password">
            {created.password}
          </code>
        </p>
      ) : null}
    </section>
  );
}

export function UserRowActions({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [proposedRole, setProposedRole] = useState<Role | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [oneTimePassword, setOneTimePassword] = useState<string | null>(null);
  const hydrated = useHydrated();
  const run = <T,>(
    action: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>,
    onDone?: (data: T) => void,
  ) =>
    start(async () => {
      setSaved(null);
      const result = await action();
      if (result.ok) {
        setError(null);
        onDone?.(result.data);
      } else setError(result.message);
      router.refresh();
    });
  const busy = pending || !hydrated;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`role-${user.id}`} className="sr-only">
          Role of {user.name}
        </label>
        <select
          id={`role-${user.id}`}
          value={proposedRole ?? user.role}
          disabled={busy || isSelf}
          title={isSelf ? "You cannot change your own role" : undefined}
          onChange={(e) => {
            const role = e.target.value as Role;
            setSaved(null);
            setProposedRole(role === user.role ? null : role);
          }}
          className={`${inputClass} w-auto py-1`}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        {isSelf ? null : (
          <>
            <Button
              variant={user.active ? "danger" : "secondary"}
              disabled={busy}
              onClick={() => run(() => setActiveAction({ userId: user.id, active: !user.active }))}
            >
              {user.active ? `Deactivate ${user.name}` : `Reactivate ${user.name}`}
            </Button>
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() => {
                setOneTimePassword(null);
                setConfirmReset(true);
              }}
            >
              Reset password of {user.name}
            </Button>
          </>
        )}
      </div>
      {proposedRole ? (
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="confirm-role">
          <span>
            Change the role of {user.name} from {ROLE_LABELS[user.role]} to {ROLE_LABELS[proposedRole]}?
          </span>
          <Button
            disabled={busy}
            onClick={() =>
              run(
                () => changeRoleAction({ userId: user.id, role: proposedRole }),
                () => {
                  setSaved(`Role saved: ${user.name} is now ${ROLE_LABELS[proposedRole].toLowerCase()}.`);
                  setProposedRole(null);
                },
              )
            }
          >
            Save role
          </Button>
          <Button variant="secondary" disabled={pending} onClick={() => setProposedRole(null)}>
            Cancel
          </Button>
        </div>
      ) : null}
      {confirmReset ? (
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="confirm-reset">
          <span>
            Reset the password of {user.name}? Their sessions end, and they must choose a new password when they next
            sign in.
          </span>
          <Button
            variant="danger"
            disabled={busy}
            onClick={() =>
              run(
                () => resetPasswordAction({ userId: user.id }),
                (data) => {
                  setConfirmReset(false);
                  setOneTimePassword(data.password);
                },
              )
            }
          >
            Reset password
          </Button>
          <Button variant="secondary" disabled={pending} onClick={() => setConfirmReset(false)}>
            Cancel
          </Button>
        </div>
      ) : null}
      {oneTimePassword ? (
        <p
          role="status"
          className="rounded-md border border-emerald-300 bg-emerald-50 p-2 text-sm"
          data-testid="reset-result"
        >
          One-time password for {user.email} (shown once, hand it over securely):{" "}
          <code className="font-mono" data-testid="reset-password">
            {oneTimePassword}
          </code>
        </p>
      ) : null}
      {saved ? (
        <p role="status" className="text-xs text-emerald-800">
          {saved}
        </p>
      ) : null}
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
