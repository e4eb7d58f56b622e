/**
 * UserService's handler on a bare `Deno.serve`, and nothing else: the
 * baseline of `bench/provider_throughput.ts` for what the Deno provider adds
 * around its handler (`provider/adapters/serve_deno.ts`). Not a way to run
 * the service: it does not listen again after a failed accept.
 *
 * @module
 */
import { readConfig } from "../provider/config.ts";
import { openUserService } from "../provider/service/user_service.ts";

const config = readConfig((name) => Deno.env.get(name));
const service = await openUserService(config, { seed: Deno.args.includes("--seed") });
const server = Deno.serve(
  { hostname: config.hostname, port: config.port, onListen() {} },
  service.app,
);
console.log(
  `UserService (bare handler) listening on http://${config.hostname}:${server.addr.port}`,
);
