import { NoAccess } from "@/components/no-access";

/** Rendered, with HTTP 403, when a page calls `forbidden()` (requirePageUser for a role that lacks the permission). */
export default function Forbidden() {
  return <NoAccess what="this page" />;
}
