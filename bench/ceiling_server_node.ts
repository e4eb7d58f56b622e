/**
 * The throughput ceiling on Node for `provider_throughput.ts`: a bare
 * `node:http` server answering one constant JSON body, with no express, no
 * routing, auth or database.
 *
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";

const body = JSON.stringify({ id: 1, name: "John Doe", email: "john.doe@example.com" });
const server = createServer((_request, response) => {
  response.writeHead(200, { "Content-Type": "application/json" });
  response.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Ceiling server listening on http://127.0.0.1:${port}`);
});
process.once("SIGTERM", () => server.close());
