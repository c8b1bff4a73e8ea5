import { createServer, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import { connect, isIPv4, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { pipeline } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type * as Ws from "ws";

// Loaded through require: a global setup of the `workers` project resolves imports with
// workerd's conditions, and ws's "browser" export is a stub that throws.
const { createWebSocketStream, WebSocketServer } = createRequire(import.meta.url)("ws") as typeof Ws;

/**
 * A WebSocket-to-TCP proxy for the Neon serverless driver, so code running in workerd (tests,
 * `wrangler dev`) reaches a local PostgreSQL. The driver, configured with
 * `neonConfig.wsProxy = (host, port) => \`${proxy}/v1?address=${host}:${port}\``, opens
 * `ws://<proxy>/v1?address=host:port` and speaks the raw Postgres wire protocol in binary
 * messages; we pipe those bytes to and from a TCP socket. Only loopback targets are allowed: a
 * proxy that dials any address it is handed would be an open relay.
 */

export interface PgWsProxy {
  /** `ws://127.0.0.1:<port>`; the Neon driver wants it without the scheme (`127.0.0.1:<port>`). */
  url: string;
  port: number;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(["localhost", "::1", "[::1]"]);

/** Parses `host:port` (IPv6 as `::1:5432` or `[::1]:5432`); returns an error sentence when refused. */
export function parseTargetAddress(address: string | null): { host: string; port: number } | string {
  if (!address) return "missing ?address=host:port";
  const colon = address.lastIndexOf(":");
  const rawHost = address.slice(0, colon);
  const rawPort = address.slice(colon + 1);
  const port = Number(rawPort);
  if (colon <= 0 || !/^\d{1,5}$/.test(rawPort) || port < 1 || port > 65535) {
    return `bad address "${address}": expected host:port with a port from 1 to 65535`;
  }
  const loopback = LOOPBACK_NAMES.has(rawHost) || (isIPv4(rawHost) && rawHost.startsWith("127."));
  if (!loopback)
    return `refused address "${address}": only loopback hosts (127.0.0.1, ::1, localhost) are proxied`;
  return { host: rawHost.replace(/^\[(.*)\]$/, "$1"), port };
}

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${status === 403 ? "Forbidden" : status === 502 ? "Bad Gateway" : "Bad Request"}\r\n` +
      `content-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Starts the proxy on 127.0.0.1 (port 0: any free port). */
export async function startPgWsProxy(
  options: { port?: number; log?: (line: string) => void } = {},
): Promise<PgWsProxy> {
  const log = options.log ?? ((line: string) => process.stderr.write(`pg-ws-proxy: ${line}\n`));
  const wss = new WebSocketServer({ noServer: true });
  const open = new Set<{ ws?: Ws.WebSocket; tcp: Socket }>();

  const server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket only: ws://…/v1?address=host:port\n");
  });

  server.on("upgrade", (req: IncomingMessage, client: Duplex) => {
    // Before ws owns the socket, a client reset would otherwise be an unhandled 'error'.
    client.on("error", () => client.destroy());
    const url = new URL(req.url ?? "/", "http://proxy");
    if (url.pathname !== "/v1")
      return refuse(client, 400, `unknown path ${url.pathname}; use /v1?address=host:port`);
    const target = parseTargetAddress(url.searchParams.get("address"));
    if (typeof target === "string") {
      log(target);
      return refuse(client, target.startsWith("refused") ? 403 : 400, target);
    }
    // Dial first, so an unreachable database is a clear HTTP error instead of a silent close.
    // Half-open: when PostgreSQL hangs up first (after Terminate), the client still gets a clean
    // WebSocket close handshake instead of a socket torn down as a premature close.
    const tcp = connect({ port: target.port, host: target.host, allowHalfOpen: true });
    const conn: { ws?: Ws.WebSocket; tcp: Socket } = { tcp };
    open.add(conn);
    tcp.once("close", () => open.delete(conn));
    client.once("close", () => conn.ws || tcp.destroy());
    const onDialError = (error: NodeJS.ErrnoException) => {
      const reason = `cannot reach ${target.host}:${target.port}: ${error.code ?? error.message}`;
      log(reason);
      refuse(client, 502, reason);
    };
    tcp.once("error", onDialError);
    tcp.once("connect", () => {
      tcp.off("error", onDialError);
      tcp.setNoDelay(true);
      wss.handleUpgrade(req, client, Buffer.alloc(0), (ws) => {
        conn.ws = ws;
        // createWebSocketStream pauses the WebSocket while TCP is slow and waits for each send,
        // so pipeline gives backpressure both ways; an end on one side ends the other, and an
        // error (a bad frame, a reset) destroys both: the connection dies, never the process.
        const wsStream = createWebSocketStream(ws);
        // Late errors (after a pipeline has finished and dropped its listeners) are expected noise.
        for (const emitter of [ws, wsStream, tcp]) emitter.on("error", () => {});
        pipeline(wsStream, tcp, () => {});
        pipeline(tcp, wsStream, () => {});
      });
    });
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `ws://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const { ws, tcp } of open) {
              ws?.terminate();
              tcp.destroy();
            }
            open.clear();
            wss.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: "string", default: "0" } } });
  const proxy = await startPgWsProxy({ port: Number(values.port) });
  process.stderr.write(
    `pg-ws-proxy: listening on ${proxy.url}/v1 (set NEON_LOCAL_PROXY=127.0.0.1:${proxy.port})\n`,
  );
}
