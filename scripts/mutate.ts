/**
 * `deno task mutate` / `npm run mutate`: the contract mutation guard
 * (`extras/guards/mutation_guard.ts`). Fails when a breaking change
 * passes verification or a compatible one fails it.
 *
 * @module
 */
import { runMutationGuard } from "../extras/guards/mutation_guard.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Mutation guard", () => runMutationGuard());
