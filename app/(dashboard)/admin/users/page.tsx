import type { Metadata } from "next";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { CreateUserForm, UserRowActions } from "@/components/admin/users-admin";
import { formatTime } from "@/components/history/format";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { Table } from "@/components/ui/table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePageUser("users:manage", "/admin/users");
  const users = await listUsers();
  return (
    <div className="flex flex-col gap-6">
      <AdminTabs />
      <div>
        <h1 className="text-2xl font-bold">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          Viewers read the history; operators also send, resubmit and resolve; admins also manage users. A deactivated
          user is signed out at once and cannot sign in. Resetting a password shows a one-time password once, signs the
          user out everywhere and makes them choose a new one at their next sign-in.
        </p>
      </div>
      <CreateUserForm />
      <Table
        caption="Users"
        columns={["Name", "Email", "Role", "Status", "Created (UTC)", "Change"]}
        data-testid="users-table"
      >
        {users.map((u) => (
          <tr key={u.id} className="border-t border-slate-100 align-top" data-email={u.email}>
            <td className="px-3 py-2">{u.name}</td>
            <td className="px-3 py-2">{u.email}</td>
            <td className="px-3 py-2">{ROLE_LABELS[u.role]}</td>
            <td className="px-3 py-2">
              {u.active ? "Active" : "Deactivated"}
              {u.mustChangePassword ? <span className="block text-xs text-amber-800">Password change due</span> : null}
            </td>
            <td className="px-3 py-2 whitespace-nowrap">{formatTime(u.createdAt)}</td>
            <td className="px-3 py-2">
              <UserRowActions user={u} isSelf={u.id === me.id} />
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
