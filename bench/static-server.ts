import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";

/** A running baseline file server. */
export interface StaticServer {
  /** URL that serves the file, e.g. `http://127.0.0.1:4123/segment.m4s`. */
  url: string;
  close(): Promise<void>;
}

/**
 * The segment benchmark's baseline: a plain `node:http` server that answers every GET with one
 * file, streamed from disk with its Content-Length, as a minimal static file server does.
 */
export function startStaticServer(path: string, port: number): Promise<StaticServer> {
  const size = statSync(path).size;
  const server = createServer((req, res) => {
    if (req.method !== "GET") {
      res.writeHead(405).end();
      return;
    }
    res.writeHead(200, { "content-type": "audio/mp4", "content-length": size });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${port}/segment.m4s`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
