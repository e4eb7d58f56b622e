import type { Handler } from "../../provider/service/app.ts";
import type { EventLog } from "../../provider/service/store/user_store.ts";
import type { Mutation } from "./mutations.ts";

/** `app` with `mutation` applied to its requests and responses. */
export function mutatedHandler(app: Handler, mutation: Mutation, token: string): Handler {
  return async function handle(request: Request): Promise<Response> {
    const changed = mutation.request?.(request, token) ?? request;
    const response = await app(changed);
    return mutation.response ? await mutation.response(response, changed) : response;
  };
}

/** An event log that reads every event through `mutation.event`. */
export function mutatedEventLog(events: EventLog, mutation: Mutation): EventLog {
  const change = mutation.event ?? ((event) => event);
  return {
    lastEventSeq: () => events.lastEventSeq(),
    eventsAfter: async (afterSeq, limit) =>
      (await events.eventsAfter(afterSeq, limit)).map((event) => ({
        seq: event.seq,
        ...change(event),
      })),
  };
}
