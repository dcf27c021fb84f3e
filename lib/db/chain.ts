import "server-only";
import type { Prisma } from "@/generated/prisma/client";

const MAX_CHAIN = 100;

export const chainSelect = { id: true, state: true, createdAt: true, resubmitOfId: true } as const;

/** Every attempt in a chain: up to the original, then every resubmit below it (bounded). */
export async function chainMembers(db: Prisma.TransactionClient, id: number, resubmitOfId: number | null) {
  let root = id;
  let parent = resubmitOfId;
  for (let i = 0; parent !== null && i < MAX_CHAIN; i++) {
    root = parent;
    const row: { resubmitOfId: number | null } | null = await db.submission.findUnique({
      where: { id: parent },
      select: { resubmitOfId: true },
    });
    parent = row?.resubmitOfId ?? null;
  }
  const links = await db.submission.findMany({ where: { id: root }, select: chainSelect });
  let frontier = [root];
  while (frontier.length > 0 && links.length < MAX_CHAIN) {
    const children = await db.submission.findMany({
      where: { resubmitOfId: { in: frontier } },
      select: chainSelect,
      take: MAX_CHAIN,
    });
    links.push(...children);
    frontier = children.map((c) => c.id);
  }
  return links;
}
