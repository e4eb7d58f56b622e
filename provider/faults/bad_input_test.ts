/**
 * Malformed requests, sent as raw bytes to UserService running as its own
 * process: every one gets a 4xx (a JSON `{"error"}` body wherever the
 * application sees the request), never a 5xx; the process lives on and the
 * data is intact afterwards.
 *
 * @module
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { providerEntry } from "../entry.ts";
import { startProviderProcess } from "../../tooling/server_process.ts";
import { Conformance } from "../service/api/conformance.ts";
import { SqliteUserStore } from "../service/store/sqlite_user_store.ts";
import { temporaryDir } from "../../tooling/temp_dir.ts";

const TOKEN = "bad-input-token";
const AUTH = `Authorization: Bearer ${TOKEN}\r\n`;

interface Answer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Sends `bytes` on a new connection and reads the answer until the server closes it. */
function raw(url: URL, bytes: string | Uint8Array): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Written, not ended: a half-closed connection may make the server drop the body.
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    const chunks: Uint8Array[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error("no answer within 5 s")));
    socket.on("data", (chunk) => chunks.push(chunk));
    // A server that refuses a request may reset the connection right after its answer.
    socket.on("error", (error) => chunks.length === 0 && reject(error));
    socket.on("close", () => {
      const text = new TextDecoder().decode(Buffer.concat(chunks));
      const [head, ...rest] = text.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const headers = new Map(lines.map((line) => {
        const at = line.indexOf(":");
        return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()] as [string, string];
      }));
      let body = rest.join("\r\n\r\n");
      if (headers.get("transfer-encoding") === "chunked") body = unchunk(body);
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
    });
  });
}

function unchunk(body: string): string {
  let out = "";
  for (let at = 0;;) {
    const end = body.indexOf("\r\n", at);
    const size = parseInt(body.slice(at, end), 16);
    if (!size) return out;
    out += body.slice(end + 2, end + 2 + size);
    at = end + 2 + size + 2;
  }
}

const get = (path: string, headers = AUTH) =>
  `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`;
const send = (method: string, path: string, body = "", type = "application/json") =>
  `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${AUTH}` +
  (type ? `Content-Type: ${type}\r\n` : "") +
  `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

/** [what, request bytes, whether the application (not the HTTP parser) answers it]. */
const MALFORMED: [string, string | Uint8Array, boolean][] = [
  ...[
    "0",
    "-1",
    "+1",
    "1.5",
    "1e3",
    "01",
    "007",
    "0x10",
    "%201",
    "1%20",
    "99999999999999999",
    "9007199254740993",
    "abc",
    "NaN",
    "Infinity",
    "%31",
    "1%2F2",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e",
    "1%00",
    "%E4%B8%80",
    "1;2",
    "1,2",
    "%",
    "%zz",
    "a".repeat(5000),
  ].map((id): [string, string, boolean] => [`id "${id.slice(0, 40)}"`, get(`/users/${id}`), true]),
  [
    "raw non-ASCII id",
    Buffer.concat([
      Buffer.from("GET /users/"),
      Buffer.from([0xe4, 0xb8, 0x80]),
      Buffer.from(` HTTP/1.1\r\nHost: localhost\r\n${AUTH}Connection: close\r\n\r\n`),
    ]),
    true,
  ],
  ["path traversal", get("/users/../../etc/passwd"), true],
  ["double slash", get("/users//1"), true],
  ["trailing slash", get("/users/1/"), true],
  ["upper-case route", get("/USERS/1"), true],
  ["over-long path", get(`/${"a".repeat(6000)}`), true],
  ["batch without ids", get("/users"), true],
  ["batch with empty ids", get("/users?ids="), true],
  ["batch with a letter", get("/users?ids=1,a"), true],
  ["batch with an empty item", get("/users?ids=1,,2"), true],
  ["batch with a negative id", get("/users?ids=-1"), true],
  ["batch of 101 ids", get(`/users?ids=${Array.from({ length: 101 }, (_, i) => i + 1)}`), true],
  ["batch with ids[]", get("/users?ids[]=1"), true],
  ["no Authorization", get("/users/1", ""), true],
  ["Bearer without a token", get("/users/1", "Authorization: Bearer\r\n"), true],
  ["token with a space", get("/users/1", "Authorization: Bearer a b\r\n"), true],
  ["Basic scheme", get("/users/1", `Authorization: Basic ${TOKEN}\r\n`), true],
  ["POST /users/1", send("POST", "/users/1", "{}"), true],
  ["PATCH /users/1", send("PATCH", "/users/1", "{}"), true],
  ["OPTIONS /users/1", send("OPTIONS", "/users/1"), true],
  ["TRACE /users/1", send("TRACE", "/users/1", "", ""), true],
  ["PUT /users", send("PUT", "/users", "{}"), true],
  ["DELETE /health", send("DELETE", "/health"), true],
  ["PUT without Content-Type", send("PUT", "/users/1", '{"name":"x","email":"x@y.z"}', ""), true],
  ["PUT as text/plain", send("PUT", "/users/1", "hello", "text/plain"), true],
  ["PUT with invalid JSON", send("PUT", "/users/1", '{"name":'), true],
  ["PUT with a JSON array", send("PUT", "/users/1", "[]"), true],
  ["PUT with a JSON number", send("PUT", "/users/1", "42"), true],
  ["PUT with {}", send("PUT", "/users/1", "{}"), true],
  ["PUT with an empty name", send("PUT", "/users/1", '{"name":"","email":"x@y.z"}'), true],
  ["PUT with a bad email", send("PUT", "/users/1", '{"name":"x","email":"x"}'), true],
  [
    "PUT with a 201-char name",
    send("PUT", "/users/1", JSON.stringify({ name: "n".repeat(201), email: "x@y.z" })),
    true,
  ],
  [
    "PUT with a 20 KiB body",
    send("PUT", "/users/1", JSON.stringify({ name: "n".repeat(20_000), email: "x@y.z" })),
    true,
  ],
  [
    "PUT with invalid UTF-8",
    Buffer.concat([
      Buffer.from(send("PUT", "/users/1", "x".repeat(4)).slice(0, -4)),
      Buffer.from([0xff, 0xfe, 0xfd, 0xfc]),
    ]),
    true,
  ],
  [
    "PUT with deeply nested JSON",
    send("PUT", "/users/1", "[".repeat(5000) + "]".repeat(5000)),
    true,
  ],
  ["PUT to an invalid id", send("PUT", "/users/0", '{"name":"x","email":"x@y.z"}'), true],
  ["DELETE an invalid id", send("DELETE", "/users/abc"), true],
  ["a 64 KiB header", get("/users/1", `${AUTH}X-Big: ${"b".repeat(64 * 1024)}\r\n`), false],
  ["a request line that is not HTTP", "GARBAGE\r\n\r\n", false],
];

test(`at least 50 malformed requests in the table (${MALFORMED.length})`, () => {
  assert.ok(MALFORMED.length >= 50);
});

test("every malformed request gets a 4xx, JSON where the app sees it; the process lives; data intact", async () => {
  const dirTemp = temporaryDir("user-service-bad-input-");
  const dir = dirTemp.path;
  try {
    const usersDb = join(dir, "users.db");
    const { command, args } = providerEntry();
    await using provider = await startProviderProcess(command, {
      args: [...args, "--seed"],
      env: { PORT: "0", USERS_DB: usersDb, USER_SERVICE_TOKEN: TOKEN },
      onLine: () => {},
    });
    const failures: string[] = [];
    const conformance = new Conformance();
    for (const [what, bytes, appAnswers] of MALFORMED) {
      const answer = await raw(provider.url, bytes).catch((error) => error as Error);
      if (answer instanceof Error) {
        failures.push(`${what}: ${answer.message}`);
      } else if (answer.status < 400 || answer.status > 499) {
        failures.push(`${what}: status ${answer.status}`);
      } else if (appAnswers) {
        const json = answer.headers.get("content-type")?.startsWith("application/json");
        const error = json ? JSON.parse(answer.body).error : undefined;
        if (typeof error !== "string") {
          failures.push(`${what}: body ${JSON.stringify(answer.body)}`);
        }
        // The answer as the OpenAPI document describes it, for the request as the app saw it.
        const [method, target] = new TextDecoder().decode(
          typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes,
        ).split(" ");
        const { pathname } = new URL(target, "http://localhost");
        for (const problem of conformance.responseProblems(method, pathname, answer)) {
          failures.push(`${what}: ${problem}`);
        }
      }
    }
    assert.deepEqual(failures, [], failures.join("\n"));

    const health = await raw(provider.url, get("/health", ""));
    assert.equal(health.status, 200, "the process lives");
    for (const [id, name] of [[1, "John Doe"], [2, "Jane Smith"]] as const) {
      const user = await raw(provider.url, get(`/users/${id}`));
      assert.equal(JSON.parse(user.body).name, name, "the data is intact");
    }
    using store = new SqliteUserStore(usersDb);
    assert.equal(await store.lastEventSeq(), 2, "no change announced after the example users");
    assert.equal(await store.get(99999999999999), undefined);
  } finally {
    dirTemp.remove();
  }
});
