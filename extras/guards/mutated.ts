import type { Handler } from "../../provider/service/app.ts";
import type { MessageProviders } from "../../provider/pact_messages.ts";
import type { UserEvent } from "../../provider/service/events/user_events.ts";
import type { Mutation } from "./mutations.ts";

/**
 * `app` with `mutation` applied to its requests and responses; `token()` is
 * one the provider accepts, for a mutation that adds credentials.
 */
export function mutatedHandler(app: Handler, mutation: Mutation, token: () => string): Handler {
  return async function handle(request: Request): Promise<Response> {
    const changed = mutation.request?.(request, token()) ?? request;
    const response = await app(changed);
    return mutation.response ? await mutation.response(response, changed) : response;
  };
}

/** pact-js's message providers, each message changed by `mutation.event`. */
export function mutatedMessages(providers: MessageProviders, mutation: Mutation): MessageProviders {
  const change = mutation.event;
  if (!change) return providers;
  return Object.fromEntries(
    Object.entries(providers).map(([description, produce]) => [
      description,
      async (descriptor: Parameters<typeof produce>[0]) => {
        const produced = await produce(descriptor) as {
          __pactMessageMetadata: UserEvent["metadata"];
          message: UserEvent["contents"];
        };
        const { contents, metadata } = change({
          contents: produced.message,
          metadata: produced.__pactMessageMetadata,
        });
        return { __pactMessageMetadata: metadata, message: contents };
      },
    ]),
  );
}
