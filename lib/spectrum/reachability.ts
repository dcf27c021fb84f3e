import "server-only";
import net from "node:net";
import tls from "node:tls";

export interface Reachability {
  ok: boolean;
  ms: number;
  error?: string;
}

/**
 * Whether Spectrum's host accepts a connection: TCP, plus the TLS handshake (certificate checked) for https. No
 * HTTP request is made and no token is sent, so the health check costs Spectrum nothing and counts against no
 * rate limit.
 */
export function spectrumReachable(baseUrl: string, timeoutMs = 3_000): Promise<Reachability> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return Promise.resolve({ ok: false, ms: 0, error: "SPECTRUM_BASE_URL is not a URL" });
  }
  const secure = url.protocol === "https:";
  const port = Number(url.port) || (secure ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve) => {
    const socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
      : net.connect({ host, port });
    const done = (result: Reachability) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ ok: false, ms: elapsed(), error: `no connection within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once(secure ? "secureConnect" : "connect", () => done({ ok: true, ms: elapsed() }));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      done({ ok: false, ms: elapsed(), error: error.code ? `${error.code}` : error.message.slice(0, 120) }),
    );
  });
}
