/**
 * The consumer mutation check, as a wrapper around each consumer test (see
 * `extras/hooks/consumer.ts`). Every value an interaction pins in what its
 * consumer receives must be read by the consumer: after the test passes as
 * it is, it runs again once per pinned value (`pinned_values.ts`), against
 * an answer with that value taken away (a response from the same Pact mock
 * server, changed by a proxy; or the message pact-js handed over, changed).
 * The test must then fail. A value whose loss leaves it green is pinned but
 * never read: over-specified, a pact that would fail providers for changes
 * that break nothing.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeclaredInteraction, PactTest, TestWrapper } from "../hooks/consumer.ts";
import { record } from "../hooks/results.ts";
import { startAnswerProxy } from "./answer_proxy.ts";
import { type Answer, type PactInteraction, pinnedValues } from "./pinned_values.ts";
import { firstLineOf } from "../../tooling/error_message.ts";

/** A mock server as pact-js hands it to an HTTP test. */
interface MockServer {
  url: string;
  port: number;
}

/** A message as pact-js hands it to a message test. */
interface Message {
  contents: { content: unknown };
  metadata?: Record<string, unknown>;
}

const isMockServer = (subject: unknown): subject is MockServer =>
  typeof (subject as MockServer)?.url === "string";

/** `message` with `change` applied to its metadata and body. */
function changedMessage(message: Message, change: (answer: Answer) => Answer): Message {
  const { headers, body } = change({
    headers: { ...message.metadata },
    body: structuredClone(message.contents.content),
  });
  return { contents: { ...message.contents, content: body }, metadata: headers };
}

/** The interaction described so in the pact file of `interaction` in `dir`. */
function pinnedInteraction(
  dir: string,
  { consumer, provider, description }: DeclaredInteraction,
): PactInteraction | undefined {
  const path = join(dir, `${consumer}-${provider}.json`);
  if (!existsSync(path)) return undefined;
  const { interactions = [] } = JSON.parse(readFileSync(path, "utf8")) as {
    interactions?: PactInteraction[];
  };
  return interactions.find((i) => i.description === description);
}

/** Runs `test` on `subject` seen through `change`; resolves to its failure, or `undefined`. */
async function failureWith(
  test: PactTest,
  subject: unknown,
  change: (answer: Answer) => Answer,
): Promise<unknown> {
  try {
    if (isMockServer(subject)) {
      await using proxy = await startAnswerProxy(subject.url, change);
      await test({ ...subject, url: proxy.url, port: proxy.port });
    } else {
      await test(changedMessage(subject as Message, change));
    }
    return undefined;
  } catch (error) {
    return error ?? new Error("failed");
  }
}

/**
 * The check as a test wrapper: the pinned values are read from the pact
 * files the consumer's tests wrote, as they are, into `pinnedIn`; each
 * verdict is recorded in `results`.
 */
export function consumerMutationCheck(pinnedIn: string, results?: string): TestWrapper {
  return (test, interaction) => async (subject) => {
    const value = await test(subject);
    const { consumer, description } = interaction;
    const unjudged = (reason: string) =>
      record(results, { kind: "unjudged", consumer, description, reason });
    const pinned = pinnedInteraction(pinnedIn, interaction);
    if (!pinned) {
      unjudged("it is not in the pact the tests wrote as they are");
      return value;
    }
    const identity = await failureWith(test, subject, (answer) => answer);
    if (identity !== undefined) {
      unjudged(`its test fails through the unchanged proxy: ${firstLineOf(identity)}`);
      return value;
    }
    for (const { value: where, change, apply } of pinnedValues(pinned)) {
      const failure = await failureWith(test, subject, apply);
      record(results, {
        kind: "pinned",
        consumer,
        description,
        value: where,
        change,
        read: failure !== undefined,
      });
    }
    return value;
  };
}
