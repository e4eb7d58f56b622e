/**
 * The throughput ceiling for `provider_throughput.ts`: a bare `Deno.serve`
 * answering one constant JSON body, with no routing, auth or database.
 *
 * @module
 */
const body = JSON.stringify({ id: 1, name: "John Doe", email: "john.doe@example.com" });
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen() {} },
  () => new Response(body, { headers: { "Content-Type": "application/json" } }),
);
console.log(`Ceiling server listening on http://127.0.0.1:${server.addr.port}`);
Deno.addSignalListener("SIGTERM", () => void server.shutdown());
await server.finished;
