/**
 * The consumer side of the hooks: reaches into pact-js's `PactV4` (the
 * class consumer tests build their pacts with) from outside the tests, so
 * that an extra can write the pacts elsewhere, time each interaction, and run
 * the consumer mutation check, while the test files stay as they are.
 *
 * @module
 */
import type { HooksConfig } from "./config.ts";
import { record } from "./results.ts";
import { firstLineOf } from "../../tooling/error_message.ts";

/** The interaction a builder chain declares, as far as the hooks need it. */
export interface DeclaredInteraction {
  consumer: string;
  provider: string;
  description: string;
}

/** A test as pact-js runs it: given the mock server (HTTP) or the message. */
export type PactTest = (subject: unknown) => Promise<unknown>;

/** What runs a test in place of the test itself, e.g. the mutation check. */
export type TestWrapper = (test: PactTest, interaction: DeclaredInteraction) => PactTest;

type Method = (...args: unknown[]) => unknown;

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null;
const isThenable = (value: unknown) =>
  isObject(value) && typeof (value as { then?: unknown }).then === "function";

/**
 * `builder` (one step of pact-js's interaction chain) seen through the
 * hooks: the description is read from `uponReceiving`/`expectsToReceive`,
 * and `executeTest` is timed, recorded and, with `wrap`, runs the wrapped test.
 */
function observedChain<T extends object>(
  builder: T,
  interaction: DeclaredInteraction,
  config: HooksConfig,
  wrap: TestWrapper | undefined,
): T {
  return new Proxy(builder, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return (...args: unknown[]) => {
        if (property === "uponReceiving" || property === "expectsToReceive") {
          interaction.description = String(args[0]);
        }
        if (property === "executeTest") {
          return observedTest(value.bind(target), args[0] as PactTest, interaction, config, wrap);
        }
        let result: unknown;
        try {
          result = (value as Method).apply(target, args);
        } catch (error) {
          record(config.results, {
            kind: "consumer",
            ...interaction,
            ms: 0,
            failure: firstLineOf(error),
          });
          throw error;
        }
        return isObject(result) && !isThenable(result)
          ? observedChain(result, interaction, config, wrap)
          : result;
      };
    },
  });
}

async function observedTest(
  executeTest: (test: PactTest) => Promise<unknown>,
  test: PactTest,
  interaction: DeclaredInteraction,
  config: HooksConfig,
  wrap: TestWrapper | undefined,
): Promise<unknown> {
  const started = performance.now();
  const entry = () => ({
    kind: "consumer" as const,
    ...interaction,
    ms: performance.now() - started,
  });
  try {
    const value = await executeTest(wrap ? wrap(test, interaction) : test);
    record(config.results, entry());
    return value;
  } catch (error) {
    record(config.results, { ...entry(), failure: firstLineOf(error) });
    throw error;
  }
}

/** pact-js's `PactV4`, as far as the hooks touch it. */
interface PactClass {
  prototype: object;
}

/** What a `PactV4` holds of its options. */
interface PactWithOptions {
  opts: { consumer: string; provider: string; dir?: string };
}

/**
 * Hooks every `PactV4` built from now on: its interactions are written to
 * `config.pactDir` (when set), each `executeTest` is recorded in
 * `config.results`, and each test runs through `wrap` (when given).
 */
export function hookConsumerPacts(
  PactV4: PactClass,
  config: HooksConfig,
  wrap?: TestWrapper,
): void {
  const prototype = PactV4.prototype as Record<string, Method>;
  for (
    const method of ["addInteraction", "addSynchronousInteraction", "addAsynchronousInteraction"]
  ) {
    const original = prototype[method];
    prototype[method] = function (this: PactWithOptions, ...args: unknown[]) {
      if (config.pactDir) this.opts = { ...this.opts, dir: config.pactDir };
      const interaction: DeclaredInteraction = {
        consumer: this.opts.consumer,
        provider: this.opts.provider,
        description: typeof args[0] === "string" ? args[0] : "",
      };
      return observedChain(original.apply(this, args) as object, interaction, config, wrap);
    };
  }
}
