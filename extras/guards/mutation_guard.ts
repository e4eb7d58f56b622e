/**
 * The contract mutation guard (`deno task mutate` / `npm run mutate`). Starts
 * the real provider as its own process, then, for each change in the
 * catalogue (`extras/guards/mutations.ts`), verifies every pact through a
 * proxy that applies that one change to the provider's requests, responses or
 * events. Prints a table and a score; fails when a breaking change passes
 * verification or a compatible one fails it.
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localPactFiles } from "../verify/contract/pact_files.ts";
import type { Handler } from "../../provider/service/app.ts";
import { mutatedEventLog, mutatedHandler } from "./mutated.ts";
import { type Mutation, MUTATIONS } from "./mutations.ts";
import { ContractVerificationError, verifyPacts } from "../verify/contract/verify.ts";
import { serveNode } from "../../provider/adapters/serve_node.ts";
import { SqliteUserStore } from "../../provider/service/store/sqlite_user_store.ts";
import { providerEntry } from "../../provider/entry.ts";
import { startProviderProcess } from "../../tooling/server_process.ts";
import { Progress } from "../../tooling/progress.ts";

/** A handler that forwards every request to `target`, unchanged. */
export function forwardTo(target: URL): Handler {
  return async function forward(request: Request): Promise<Response> {
    const { pathname, search } = new URL(request.url);
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const response = await fetch(new URL(pathname + search, target), {
      method: request.method,
      headers: request.headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
    });
    // fetch has decoded the body; its length and encoding headers no longer apply.
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    headers.delete("content-encoding");
    return new Response(response.body, { status: response.status, headers });
  };
}

/** The outcome of one mutation. */
export interface MutationResult {
  mutation: Mutation;
  /** Whether verification passed with the mutation applied. */
  passed: boolean;
  /** The first mismatch reported, when it failed. */
  mismatch?: string;
  /** Whether that is what the catalogue expects. */
  ok: boolean;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "user-service-mutate-"));
  const results: MutationResult[] = [];
  try {
    const usersDb = join(dir, "users.db");
    const token = crypto.randomUUID();
    using store = new SqliteUserStore(usersDb);
    const { command, args } = providerEntry();
    await using provider = await startProviderProcess(command, {
      args,
      env: { PORT: "0", HOST: "127.0.0.1", USERS_DB: usersDb, USER_SERVICE_TOKEN: token },
    });
    const progress = new Progress("mutation guard", { total: MUTATIONS.length });
    for (const mutation of MUTATIONS) {
      progress.step(mutation.name);
      await using proxy = await serveNode(
        mutatedHandler(forwardTo(provider.url), mutation, token),
      );
      let mismatch: string | undefined;
      try {
        await verifyPacts(proxy.url, {
          store,
          events: mutatedEventLog(store, mutation),
          token,
          logLevel: "error",
        });
      } catch (error) {
        if (!(error instanceof ContractVerificationError)) throw error;
        mismatch = error.mismatches.find((line) => mutation.expect?.test(line)) ??
          error.mismatches[0];
      }
      const passed = mismatch === undefined;
      const caughtAsExpected = !passed &&
        (!mutation.expect || mutation.expect.test(mismatch ?? ""));
      results.push({
        mutation,
        passed,
        mismatch,
        ok: mutation.breaking ? caughtAsExpected : passed,
      });
    }
    progress.done();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printReport(results);
  return results.every((result) => result.ok) ? 0 : 1;
}

function printReport(results: MutationResult[]): void {
  const breaking = results.filter((r) => r.mutation.breaking);
  const compatible = results.filter((r) => !r.mutation.breaking);
  console.log("\n| mutation | kind | verification | as expected |");
  console.log("| --- | --- | --- | --- |");
  for (const { mutation, passed, mismatch, ok } of results) {
    const verdict = passed
      ? "passed"
      : `failed: ${mismatch?.replace(/^Verifying a pact .*? - /, "")}`;
    const kind = mutation.breaking ? "breaking" : "compatible";
    console.log(
      `| ${mutation.name} | ${kind} | ${verdict.replaceAll("|", "\\|")} | ${ok ? "yes" : "NO"} |`,
    );
  }
  const caught = breaking.filter((r) => r.ok).length;
  const accepted = compatible.filter((r) => r.ok).length;
  console.log(
    `\nMutation score: ${caught}/${breaking.length} breaking changes caught, ` +
      `${accepted}/${compatible.length} compatible changes accepted`,
  );
}

/** The description catalogue: each change to the OpenAPI/AsyncAPI documents, and whether it was judged right. */
async function describedMain(): Promise<number> {
  const { compareWithDescriptions } = await import(
    "../bidirectional/compare.ts"
  );
  const { DESCRIPTION_MUTATIONS, mutatedDescriptions } = await import(
    "./description_mutations.ts"
  );
  const { ASYNCAPI, OPENAPI } = await import("../../provider/service/api/documents.ts");
  const documents = { oas: OPENAPI as never, asyncapi: ASYNCAPI as never };
  console.log("\n| change to the descriptions | kind | bi-directional check | as expected |");
  console.log("| --- | --- | --- | --- |");
  let caught = 0, accepted = 0, breaking = 0;
  for (const mutation of DESCRIPTION_MUTATIONS) {
    const findings = await compareWithDescriptions(
      localPactFiles(),
      mutatedDescriptions(documents, mutation),
    );
    const error = findings.find((f) =>
      f.type === "error" && (!mutation.expect || mutation.expect.test(f.message))
    ) ?? findings.find((f) =>
      f.type === "error"
    );
    const ok = mutation.breaking
      ? error !== undefined && (!mutation.expect || mutation.expect.test(error.message))
      : error === undefined;
    if (mutation.breaking) breaking++;
    if (ok && mutation.breaking) caught++;
    if (ok && !mutation.breaking) accepted++;
    const verdict = error ? `fails: ${error.interaction}: ${error.message}` : "passes";
    console.log(
      `| ${mutation.name} | ${mutation.breaking ? "breaking" : "compatible"} | ${
        verdict.replaceAll("|", "\\|")
      } | ${ok ? "yes" : "NO"} |`,
    );
  }
  const compatible = DESCRIPTION_MUTATIONS.length - breaking;
  console.log(
    `\nDescription score: ${caught}/${breaking} breaking changes caught, ` +
      `${accepted}/${compatible} compatible changes accepted`,
  );
  return caught === breaking && accepted === compatible ? 0 : 1;
}

/**
 * Runs both catalogues, the replayed one through the proxy and the
 * descriptions' one through the bi-directional check; prints their tables and
 * scores and resolves to 0 when every change was judged as the catalogue says.
 */
export async function runMutationGuard(): Promise<number> {
  const replayed = await main();
  const described = await describedMain();
  return replayed || described;
}
