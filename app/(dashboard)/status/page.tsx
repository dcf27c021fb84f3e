import type { Metadata } from "next";
import { KINDS } from "@/lib/spectrum/kinds";
import { updateStatusAction } from "../actions";
import { SendPage } from "../send-page";

export const metadata: Metadata = { title: KINDS.status.navLabel };

export default function StatusPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <SendPage kind="status" action={updateStatusAction} searchParams={searchParams} />;
}
