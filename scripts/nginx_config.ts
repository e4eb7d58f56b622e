/**
 * `deno task nginx:config` / `npm run nginx:config`: prints the nginx
 * configuration for the Deno provider on a network it cannot trust
 * (`provider/adapters/nginx.ts`), for UserService on `UNIX_SOCKET` and nginx on
 * `NGINX_LISTEN` (default `8000`), with the same `IDLE_TIMEOUT_MS` and
 * `REQUEST_TIMEOUT_MS` as the service.
 *
 * @module
 */
import process from "node:process";
import { nginxConfig } from "../provider/adapters/nginx.ts";
import { readConfig } from "../provider/config.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "nginx:config", () => {
  const config = readConfig((name) => process.env[name]);
  if (!config.path) {
    console.error(
      "Set UNIX_SOCKET to the socket UserService listens on, e.g. /run/user-service/http.sock",
    );
    return 1;
  }
  console.log(nginxConfig({
    listen: process.env.NGINX_LISTEN || "8000",
    upstreamSocket: config.path,
    idleTimeoutMs: config.limits.idleTimeoutMs,
    requestTimeoutMs: config.limits.requestTimeoutMs,
  }));
  return 0;
});
