import { NavLink } from "@/components/ui/nav-link";

/** The admin pages' own navigation: the header has one "Admin" link, so it stays one row as admin pages are added. */
export function AdminTabs() {
  return (
    <nav aria-label="Admin" className="flex flex-wrap gap-1 border-b border-slate-200 pb-2">
      <NavLink href="/admin/users">Users</NavLink>
      <NavLink href="/admin/audit">Audit integrity</NavLink>
    </nav>
  );
}
