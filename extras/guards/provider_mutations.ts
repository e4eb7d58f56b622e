/**
 * The provider mutation guard, as it runs inside the verification (see
 * `extras/hooks/verifier.ts`): for each change in the catalogue
 * (`mutations.ts`), the test's own verification runs again against a proxy
 * that applies that one change to UserService's requests, responses or
 * events, and its outcome is recorded. A breaking change must fail
 * verification, a compatible one must pass it.
 *
 * @module
 */
import type { VerifierOptions } from "@pact-foundation/pact";
import type { Handler } from "../../provider/service/app.ts";
import { serveNode } from "../../provider/adapters/serve_node.ts";
import { record } from "../hooks/results.ts";
import { reportedInteractions } from "../hooks/verifier.ts";
import { mutatedHandler, mutatedMessages } from "./mutated.ts";
import { MUTATIONS } from "./mutations.ts";
import { messageOf } from "../../tooling/error_message.ts";

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

/** What a failed verification reported: `<interaction>: <mismatch>` lines, and the consumers. */
function failureOf(error: unknown): { mismatches: string[]; consumers: string[] } {
  const message = messageOf(error);
  const interactions = reportedInteractions(message);
  if (!interactions) return { mismatches: [message.split("\n")[0]], consumers: [] };
  const failed = interactions.filter((i) => i.result !== "OK");
  return {
    mismatches: failed.flatMap((i) =>
      (i.mismatch?.mismatches ?? [{ mismatch: i.mismatch?.message ?? "failed" }]).map((m) =>
        `${i.description}: ${m.mismatch}`
      )
    ),
    consumers: [...new Set(failed.map((i) => i.consumer ?? "?"))].sort(),
  };
}

/**
 * Runs `verify` (pact-js's own verification, with `options` as the test
 * set them) once per mutation, through a proxy in front of the provider, and
 * records each outcome in `results`. The options are given back as they were.
 */
export async function guardMutations(
  options: VerifierOptions,
  verify: () => Promise<unknown>,
  results?: string,
): Promise<void> {
  const { providerBaseUrl, messageProviders = {}, requestFilter } = options;
  const target = new URL(providerBaseUrl!);
  // A token the provider accepts, as the test's request filter sends it.
  let token = "";
  options.requestFilter = (request, response, next) => {
    const learn = () => {
      const authorization = request.headers.authorization ?? "";
      if (!token && authorization.startsWith("Bearer ")) token = authorization.slice(7);
      next();
    };
    if (requestFilter) requestFilter(request, response, learn);
    else learn();
  };
  try {
    for (const mutation of MUTATIONS) {
      await using proxy = await serveNode(mutatedHandler(forwardTo(target), mutation, () => token));
      options.providerBaseUrl = proxy.url.origin;
      options.messageProviders = mutatedMessages(messageProviders, mutation);
      let outcome = { mismatches: [] as string[], consumers: [] as string[] };
      try {
        await verify();
      } catch (error) {
        outcome = failureOf(error);
      }
      record(results, {
        kind: "mutation",
        name: mutation.name,
        breaking: mutation.breaks.length > 0,
        ...outcome,
      });
    }
  } finally {
    Object.assign(options, { providerBaseUrl, messageProviders, requestFilter });
  }
}
