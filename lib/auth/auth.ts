import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env.mjs";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/schemas/users";
import { recordAuthEvent, signInLockedFor } from "./events";

/** The caller's address as the proxy in front reports it (first hop of X-Forwarded-For), if any. */
export function clientAddress(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || null;
}

const idleSeconds = env.sessionIdleMinutes * 60;
const secure = env.authUrl?.startsWith("https:") ?? false;
// During `next build` nothing is signed; any value lets the module load. At run time a real secret is required.
const secret =
  process.env.BETTER_AUTH_SECRET ??
  (process.env.NEXT_PHASE === "phase-production-build"
    ? "build-time-placeholder-secret-not-used-at-run-time"
    : undefined);

/**
 * Sign-in for the dashboard (better-auth, sessions in our database). Email + password, no self sign-up:
 * users are created by an admin or `npm run user:create`. Optional OpenID Connect single sign-on, only when
 * configured. Deactivated users cannot start a session.
 */
export const auth = betterAuth({
  appName: "Spectrum Ops",
  baseURL: env.authUrl,
  secret,
  database: prismaAdapter(prisma, { provider: "sqlite" }),
  telemetry: { enabled: false },
  emailAndPassword: {
    enabled: true,
    disableSignUp: true,
    autoSignIn: false,
    minPasswordLength: PASSWORD_MIN_LENGTH,
    maxPasswordLength: PASSWORD_MAX_LENGTH,
  },
  user: {
    additionalFields: {
      role: { type: "string", defaultValue: "viewer", input: false },
      active: { type: "boolean", defaultValue: true, input: false },
      mustChangePassword: { type: "boolean", defaultValue: false, input: false },
    },
  },
  session: {
    // Sliding expiry: each request at least updateAge after the last refresh extends the session,
    // so it ends after `SESSION_IDLE_MINUTES` without activity.
    expiresIn: idleSeconds,
    updateAge: Math.min(300, Math.floor(idleSeconds / 4)),
  },
  // A coarse flood guard per address (one shared bucket when no proxy reports the address). The real
  // limits on failed sign-ins, per account and per address, are ours: see hooks.before.
  rateLimit: { enabled: true, window: 60, max: 100, customRules: { "/sign-in/email": { window: 60, max: 100 } } },
  advanced: {
    useSecureCookies: secure,
    defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
    ipAddress: { ipAddressHeaders: ["x-forwarded-for", "x-real-ip"] },
  },
  account: { accountLinking: { enabled: false } },
  databaseHooks: {
    user: {
      create: {
        // Only single sign-on creates users through better-auth: keep it to the allowed domains, as viewers.
        async before(user) {
          const domain = user.email.split("@")[1]?.toLowerCase() ?? "";
          if (!env.oidc?.allowedDomains.includes(domain)) return false;
          return { data: { ...user, role: "viewer", active: true } };
        },
        async after(user) {
          await recordAuthEvent({
            type: "user_created",
            userId: user.id,
            email: user.email,
            detail: "single sign-on, as viewer",
          });
        },
      },
    },
    session: {
      create: {
        async before(session) {
          const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { active: true } });
          if (!user?.active) return false;
        },
        async after(session, ctx) {
          // Changing a password replaces the session with a fresh one: recorded as password_changed, not a sign-in.
          if (ctx?.path === "/change-password") return;
          const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { email: true } });
          await recordAuthEvent({
            type: "sign_in",
            userId: session.userId,
            email: user?.email,
            ipAddress: session.ipAddress,
          });
        },
      },
    },
  },
  hooks: {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== "/sign-in/email") return;
      const email = typeof ctx.body?.email === "string" ? ctx.body.email : null;
      const wait = await signInLockedFor(email, ctx.headers ? clientAddress(ctx.headers) : null);
      if (wait !== null) {
        throw new APIError("TOO_MANY_REQUESTS", {
          message: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`,
        });
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (
        ctx.path === "/sign-in/email" &&
        isAPIError(ctx.context.returned) &&
        ctx.context.returned.statusCode !== 429
      ) {
        await recordAuthEvent({
          type: "sign_in_failed",
          email: typeof ctx.body?.email === "string" ? ctx.body.email : null,
          ipAddress: ctx.headers ? clientAddress(ctx.headers) : null,
          detail: ctx.context.returned.message,
        });
      }
    }),
  },
  plugins: [
    ...(env.oidc
      ? [
          genericOAuth({
            config: [
              {
                providerId: "oidc",
                discoveryUrl: env.oidc.discoveryUrl,
                clientId: env.oidc.clientId,
                clientSecret: process.env.OIDC_CLIENT_SECRET ?? "",
                scopes: ["openid", "email", "profile"],
                pkce: true,
              },
            ],
          }),
        ]
      : []),
    nextCookies(),
  ],
});
