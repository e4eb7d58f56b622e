/** What {@linkcode instrument} may change on the way through pact-js's builders. */
export interface InstrumentHooks {
  /**
   * Called for every method call on a builder, with its arguments; returns
   * the arguments to call it with instead.
   */
  call?(method: string, args: unknown[]): unknown[];
  /**
   * Called for each `executeTest(test)`; returns the test to run instead (the
   * same signature: it receives the mock server or the message).
   */
  executeTest?(
    test: (subject: unknown) => Promise<unknown>,
  ): (subject: unknown) => Promise<unknown>;
}

const isObject = (value: unknown): value is object =>
  (typeof value === "object" && value !== null) || typeof value === "function";

const isThenable = (value: unknown) =>
  isObject(value) && typeof (value as { then?: unknown }).then === "function";

/**
 * `target` (a PactV4) seen through `hooks`: every builder a method returns,
 * and every builder pact-js hands to a callback (`willRespondWith(200,
 * (response) => ...)`), is seen through them too, so a contract case runs
 * unchanged while its declarations and its test can be observed or altered.
 * Plain data is never wrapped.
 *
 * @example
 * ```ts
 * const observed = instrument(userServicePact(dir), {
 *   executeTest: (test) => (mockServer) => test(mockServer),
 * });
 * await contractCase.run(observed);
 * ```
 */
export function instrument<T extends object>(target: T, hooks: InstrumentHooks): T {
  const wrap = (value: unknown): unknown =>
    isObject(value) && !isThenable(value) && typeof value !== "function"
      ? instrument(value, hooks)
      : value;
  const throughHooks = (fn: (...args: unknown[]) => unknown) => (...args: unknown[]) =>
    fn(...args.map(wrap));
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return (...given: unknown[]) => {
        let args = hooks.call?.(property, given) ?? given;
        args = args.map((arg) =>
          typeof arg === "function" ? throughHooks(arg as (...args: unknown[]) => unknown) : arg
        );
        if (property === "executeTest" && hooks.executeTest) {
          args = [hooks.executeTest(args[0] as (subject: unknown) => Promise<unknown>)];
        }
        return wrap(value.apply(object, args));
      };
    },
  });
}
