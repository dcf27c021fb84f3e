// A minimal OpenID Connect provider for the e2e tests (started by playwright.config.ts), so single sign-on is
// exercised end to end: discovery, authorization code with PKCE, token exchange, an RS256-signed id_token
// checked by better-auth against /jwks (issuer, audience, nonce), and userinfo.
// There is no login screen: /authorize signs in whoever the test chose with POST /__mock/next-user.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

const port = Number(process.argv[process.argv.indexOf("--port") + 1] || 4312);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID ?? "spectrum-ops-e2e";
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? "mock-oidc-client-secret";

interface Identity {
  email: string;
  name: string;
}
interface Grant {
  user: Identity;
  nonce?: string;
  redirectUri: string;
  codeChallenge?: string;
}

const { privateKey, publicKey } = await generateKeyPair("RS256");
const jwk = { ...(await exportJWK(publicKey)), kid: "mock-1", alg: "RS256", use: "sig" };

let nextUser: Identity | null = null;
const codes = new Map<string, Grant>();
const accessTokens = new Map<string, Identity>();

const subject = (user: Identity) => `mock|${user.email.toLowerCase()}`;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Client authentication, either client_secret_basic or client_secret_post. */
function clientAuthenticated(req: IncomingMessage, form: URLSearchParams): boolean {
  const basic = req.headers.authorization?.match(/^Basic (.+)$/i)?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, "base64").toString("utf8").split(":").map(decodeURIComponent);
    return id === clientId && secret === clientSecret;
  }
  return form.get("client_id") === clientId && form.get("client_secret") === clientSecret;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", issuer);
    if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        scopes_supported: ["openid", "email", "profile"],
      });
    }
    if (req.method === "GET" && url.pathname === "/jwks") return send(res, 200, { keys: [jwk] });

    // Test control: who signs in at the next /authorize.
    if (req.method === "POST" && url.pathname === "/__mock/next-user") {
      const body = JSON.parse(await readBody(req)) as Partial<Identity>;
      if (!body.email || !body.name) return send(res, 400, { error: "email and name are required" });
      nextUser = { email: body.email, name: body.name };
      return send(res, 200, { ok: true });
    }

    if (req.method === "GET" && url.pathname === "/authorize") {
      const q = url.searchParams;
      const redirectUri = q.get("redirect_uri");
      if (q.get("client_id") !== clientId || !redirectUri || q.get("response_type") !== "code") {
        return send(res, 400, {
          error: "invalid_request",
          error_description: "client_id, redirect_uri and response_type=code are required",
        });
      }
      if (!nextUser) return send(res, 400, { error: "no identity: POST /__mock/next-user first" });
      if (q.get("code_challenge") && q.get("code_challenge_method") !== "S256") {
        return send(res, 400, { error: "invalid_request", error_description: "only S256 PKCE" });
      }
      const code = randomBytes(16).toString("hex");
      codes.set(code, {
        user: nextUser,
        nonce: q.get("nonce") ?? undefined,
        redirectUri,
        codeChallenge: q.get("code_challenge") ?? undefined,
      });
      nextUser = null;
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      if (q.get("state")) back.searchParams.set("state", q.get("state")!);
      back.searchParams.set("iss", issuer);
      res.writeHead(302, { Location: back.toString() });
      return res.end();
    }

    if (req.method === "POST" && url.pathname === "/token") {
      const form = new URLSearchParams(await readBody(req));
      if (!clientAuthenticated(req, form)) return send(res, 401, { error: "invalid_client" });
      const code = form.get("code") ?? "";
      const grant = codes.get(code);
      codes.delete(code); // single use
      if (form.get("grant_type") !== "authorization_code" || !grant || form.get("redirect_uri") !== grant.redirectUri) {
        return send(res, 400, { error: "invalid_grant" });
      }
      if (grant.codeChallenge) {
        const verifier = form.get("code_verifier") ?? "";
        if (createHash("sha256").update(verifier).digest("base64url") !== grant.codeChallenge) {
          return send(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
        }
      }
      const accessToken = randomBytes(16).toString("hex");
      accessTokens.set(accessToken, grant.user);
      const idToken = await new SignJWT({
        email: grant.user.email,
        email_verified: true,
        name: grant.user.name,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
      })
        .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
        .setIssuer(issuer)
        .setSubject(subject(grant.user))
        .setAudience(clientId)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
      return send(res, 200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 300,
        id_token: idToken,
        scope: "openid email profile",
      });
    }

    if (req.method === "GET" && url.pathname === "/userinfo") {
      const user = accessTokens.get(req.headers.authorization?.replace(/^Bearer /i, "") ?? "");
      if (!user) return send(res, 401, { error: "invalid_token" });
      return send(res, 200, { sub: subject(user), email: user.email, email_verified: true, name: user.name });
    }

    send(res, 404, { error: "not_found" });
  } catch (err) {
    send(res, 500, { error: "server_error", error_description: String(err) });
  }
});

server.listen(port, "127.0.0.1", () => console.log(`mock OpenID Connect provider on ${issuer}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
