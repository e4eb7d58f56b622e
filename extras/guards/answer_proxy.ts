import { Buffer } from "node:buffer";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Answer } from "./pinned_values.ts";
import { messageOf } from "../../tooling/error_message.ts";

/** A proxy in front of a Pact mock server; dispose to stop it. */
export interface AnswerProxy extends AsyncDisposable {
  /** Where the consumer should send its requests instead. */
  readonly url: string;
  /** Its port. */
  readonly port: number;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? Buffer.concat(chunks) : undefined;
}

/**
 * Starts a proxy on 127.0.0.1 that sends every request on to `target` (the
 * mock server, which still checks each one) and answers with the mock's
 * answer changed by `change`: its status, headers or JSON body. Without
 * `change` it passes answers through unchanged.
 */
export function startAnswerProxy(
  target: string,
  change: (answer: Answer) => Answer = (answer) => answer,
): Promise<AnswerProxy> {
  const server = createServer(async (request, response) => {
    try {
      const body = await bodyOf(request);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && name !== "host") headers.set(name, value);
      }
      const answered = await fetch(new URL(request.url ?? "/", target), {
        method: request.method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
      });
      const text = await answered.text();
      const isJson = /json/i.test(answered.headers.get("content-type") ?? "") && text !== "";
      const original: Answer = {
        status: answered.status,
        headers: Object.fromEntries(answered.headers),
        body: isJson ? JSON.parse(text) : undefined,
      };
      const changed = change(original);
      const out = changed.body === undefined ? (isJson ? "" : text) : JSON.stringify(changed.body);
      const outHeaders = Object.fromEntries(
        Object.entries(changed.headers).filter(([name]) =>
          !["content-length", "transfer-encoding", "connection", "keep-alive"].includes(
            name.toLowerCase(),
          )
        ).map(([name, value]) => [name, String(value)]),
      );
      response.writeHead(changed.status ?? answered.status, outHeaders);
      response.end(out);
    } catch (error) {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`answer proxy: ${messageOf(error)}`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        [Symbol.asyncDispose]: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
