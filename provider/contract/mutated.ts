import type { Handler } from "../app.ts";
import type { EventOutbox, SqliteOutbox } from "../sqlite_outbox.ts";
import type { Mutation } from "./mutations.ts";

/** `app` with `mutation` applied to its requests and responses. */
export function mutatedHandler(app: Handler, mutation: Mutation, token: string): Handler {
  return async function handle(request: Request): Promise<Response> {
    const changed = mutation.request?.(request, token) ?? request;
    const response = await app(changed);
    return mutation.response ? await mutation.response(response, changed) : response;
  };
}

/** An outbox that announces every event through `mutation.event` first. */
export function mutatedOutbox(outbox: EventOutbox, mutation: Mutation): EventOutbox {
  const change = mutation.event ?? ((event) => event);
  return { append: (event) => outbox.append(change(event)) };
}

/** An outbox reader that reads every event through `mutation.event`. */
export function mutatedOutboxReader(
  outbox: Pick<SqliteOutbox, "after" | "lastSeq">,
  mutation: Mutation,
): Pick<SqliteOutbox, "after" | "lastSeq"> {
  const change = mutation.event ?? ((event) => event);
  return {
    lastSeq: () => outbox.lastSeq(),
    after: async (afterSeq, limit) =>
      (await outbox.after(afterSeq, limit)).map((event) => ({ seq: event.seq, ...change(event) })),
  };
}
