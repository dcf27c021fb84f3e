import type { Metadata } from "next";
import { KINDS } from "@/lib/spectrum/kinds";
import { sendTrackingAction } from "../actions";
import { SendPage } from "../send-page";

export const metadata: Metadata = { title: KINDS.tracking.navLabel };

export default function ShipPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <SendPage kind="tracking" action={sendTrackingAction} searchParams={searchParams} />;
}
