import assert from "node:assert/strict";
import { test } from "node:test";
import { nginxConfig } from "./nginx.ts";

const config = nginxConfig({
  listen: "8000",
  upstreamSocket: "/run/user-service/http.sock",
  idleTimeoutMs: 5000,
  requestTimeoutMs: 10000,
});

test("nginxConfig() bounds idle and slow clients with the service's own timeouts", () => {
  assert.match(config, /^\s*keepalive_timeout 5000ms;$/m);
  assert.match(config, /^\s*client_header_timeout 10000ms;$/m);
  assert.match(config, /^\s*proxy_read_timeout 10000ms;$/m);
  assert.match(config, /^\s*lingering_close off;$/m, "a slow body answered 408 is not waited for");
  assert.match(config, /^\s*proxy_request_buffering off;$/m, "UserService bounds the body's time");
});

test("nginxConfig() reaches UserService only through its Unix socket", () => {
  assert.match(config, /^\s*server unix:\/run\/user-service\/http\.sock;$/m);
  assert.match(config, /^\s*listen 8000;$/m);
});

test("nginxConfig() answers the errors it makes itself as JSON", () => {
  for (const status of [400, 408, 413, 502, 504]) {
    assert.match(config, new RegExp(`error_page ${status} /_nginx_${status}\\.json;`));
    assert.match(config, new RegExp(`return ${status} '\\{"error":"[^']+"\\}';`));
  }
});
