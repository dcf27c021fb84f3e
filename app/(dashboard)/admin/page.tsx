import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";

/** The header's "Admin" link: the first admin page. */
export default async function AdminPage() {
  await requirePageUser("users:manage", "/admin");
  redirect("/admin/users");
}
