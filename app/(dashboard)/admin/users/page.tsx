import type { Metadata } from "next";
import { CreateUserForm, UserRowActions } from "@/components/admin/users-admin";
import { formatTime } from "@/components/history/format";
import { NoAccess } from "@/components/no-access";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageUser("users:manage", "/admin/users");
  if (!me) return <NoAccess what="managing users" />;
  const users = await listUsers();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          Viewers read the history; operators also send, resubmit and resolve; admins also manage users. A deactivated
          user is signed out at once and cannot sign in.
        </p>
      </div>
      <CreateUserForm />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="users-table">
          <caption className="sr-only">Users</caption>
          <thead className="bg-slate-50 text-xs uppercase text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Email</th>
              <th scope="col" className="px-3 py-2">Role</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Created (UTC)</th>
              <th scope="col" className="px-3 py-2">Change</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-slate-100 align-top" data-email={u.email}>
                <td className="px-3 py-2">{u.name}</td>
                <td className="px-3 py-2">{u.email}</td>
                <td className="px-3 py-2">{ROLE_LABELS[u.role]}</td>
                <td className="px-3 py-2">{u.active ? "Active" : "Deactivated"}</td>
                <td className="whitespace-nowrap px-3 py-2">{formatTime(u.createdAt)}</td>
                <td className="px-3 py-2">
                  <UserRowActions user={u} isSelf={u.id === me.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
