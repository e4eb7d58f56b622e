/**
 * UserService's handler on a bare `Deno.serve`, without the connection
 * guard of `provider/serve_deno.ts`: the baseline that shows what the guard
 * costs in `bench/provider_throughput.ts`. Not a way to run the service:
 * it has no idle or request timeout and dies on "too many open files".
 *
 * @module
 */
import { readConfig } from "../provider/config.ts";
import { openUserService } from "../provider/service/user_service.ts";

const config = readConfig((name) => Deno.env.get(name));
const service = openUserService(config, { seed: Deno.args.includes("--seed") });
const server = Deno.serve(
  { hostname: config.hostname, port: config.port, onListen() {} },
  service.app,
);
console.log(`UserService (unguarded) listening on http://${config.hostname}:${server.addr.port}`);
