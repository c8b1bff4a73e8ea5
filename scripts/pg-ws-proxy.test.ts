import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { freePort } from "./free-port.ts";
import { type PgWsProxy, parseTargetAddress, startPgWsProxy } from "./pg-ws-proxy.ts";

// A TCP echo server stands in for PostgreSQL: the proxy only moves bytes.
let echo: Server;
let echoPort: number;
const echoSockets = new Set<Socket>();
let proxy: PgWsProxy;
const refusals: string[] = [];

beforeAll(async () => {
  echo = createServer((socket) => {
    echoSockets.add(socket);
    socket.on("close", () => echoSockets.delete(socket));
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoPort = (echo.address() as { port: number }).port;
  proxy = await startPgWsProxy({ log: (line) => refusals.push(line) });
});

afterAll(async () => {
  await proxy.close();
  echo.close();
});

/** Opens `/v1?address=…`; resolves with the socket once open, or the refusal's status and body. */
async function open(address: string): Promise<WebSocket | { status: number; body: string }> {
  const ws = new WebSocket(`${proxy.url}/v1?address=${encodeURIComponent(address)}`);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", async (_req, res: IncomingMessage) => {
      let body = "";
      for await (const chunk of res) body += chunk;
      resolve({ status: res.statusCode ?? 0, body });
    });
    ws.once("error", reject);
  });
}

async function roundTrip(ws: WebSocket, payload: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  const done = new Promise<void>((resolve) =>
    ws.on("message", (data: Buffer, isBinary) => {
      expect(isBinary).toBe(true);
      chunks.push(data);
      received += data.length;
      if (received >= payload.length) resolve();
    }),
  );
  ws.send(payload);
  await done;
  return Buffer.concat(chunks);
}

describe("pg-ws-proxy", () => {
  it("pipes binary messages to a loopback TCP port and back", async () => {
    const ws = (await open(`127.0.0.1:${echoPort}`)) as WebSocket;
    expect(await roundTrip(ws, Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]))).toEqual(
      Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]),
    );
    ws.close();
  });

  it("moves 16 MiB there and back intact", async () => {
    const ws = (await open(`localhost:${echoPort}`)) as WebSocket;
    const payload = Buffer.alloc(16 * 1024 * 1024, 7);
    payload.writeUInt32BE(0xdeadbeef, payload.length - 4);
    const back = await roundTrip(ws, payload);
    expect(back.length).toBe(payload.length);
    expect(back.equals(payload)).toBe(true);
    ws.close();
  });

  it("refuses non-loopback hosts with 403 and a reason", async () => {
    for (const address of [
      "10.0.0.1:5432",
      "example.com:5432",
      "[2001:db8::1]:5432",
      "127.0.0.1.nip.io:5432",
    ]) {
      expect(await open(address)).toEqual({
        status: 403,
        body: expect.stringContaining("only loopback hosts"),
      });
    }
    expect(refusals.some((line) => line.includes("10.0.0.1:5432"))).toBe(true);
  });

  it("refuses a missing or malformed port with 400", async () => {
    for (const address of [
      "127.0.0.1",
      "127.0.0.1:",
      "127.0.0.1:abc",
      "127.0.0.1:0",
      "127.0.0.1:65536",
      "127.0.0.1:5432x",
    ]) {
      expect(await open(address)).toMatchObject({ status: 400 });
    }
    const ws = new WebSocket(`${proxy.url}/v1`);
    const [, res] = (await once(ws, "unexpected-response")) as [unknown, IncomingMessage];
    expect(res.statusCode).toBe(400);
  });

  it("answers 502 when nothing listens on the target port", async () => {
    expect(await open(`127.0.0.1:${await freePort()}`)).toEqual({
      status: 502,
      body: expect.stringContaining("ECONNREFUSED"),
    });
  });

  it("closes the TCP side when the client goes away, and the client when TCP closes", async () => {
    const ws = (await open(`127.0.0.1:${echoPort}`)) as WebSocket;
    await roundTrip(ws, Buffer.from("hello"));
    const [server] = [...echoSockets].slice(-1) as [Socket];
    ws.terminate();
    await once(server, "close");

    const second = (await open(`127.0.0.1:${echoPort}`)) as WebSocket;
    await roundTrip(second, Buffer.from("again"));
    ([...echoSockets].slice(-1)[0] as Socket).destroy();
    await once(second, "close");
  });

  it("survives garbage from a client and still serves the next connection", async () => {
    const raw = connect(proxy.port, "127.0.0.1");
    await once(raw, "connect");
    raw.write(
      `GET /v1?address=127.0.0.1:${echoPort} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    await once(raw, "data"); // 101 Switching Protocols
    raw.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])); // not a valid frame
    raw.destroy();

    const ws = (await open(`127.0.0.1:${echoPort}`)) as WebSocket;
    expect((await roundTrip(ws, Buffer.from("still here"))).toString()).toBe("still here");
    ws.close();
  });
});

describe("parseTargetAddress", () => {
  it("accepts loopback hosts, IPv6 bracketed or not", () => {
    expect(parseTargetAddress("127.0.0.1:5432")).toEqual({ host: "127.0.0.1", port: 5432 });
    expect(parseTargetAddress("::1:5432")).toEqual({ host: "::1", port: 5432 });
    expect(parseTargetAddress("[::1]:5432")).toEqual({ host: "::1", port: 5432 });
  });
});
