/**
 * `deno task stack` / `npm run stack`: PostgreSQL, NATS JetStream, two
 * UserService instances and OrderService's subscriber, on this machine
 * (`extras/loop/stack.ts`); Ctrl-C stops them all.
 *
 * @module
 */
import { runStack } from "../extras/loop/stack.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "deno task stack", () => runStack());
