/**
 * `deno task compare` / `npm run compare`: the bi-directional check. Every
 * pact in `pacts/` is compared with UserService's OpenAPI document (its HTTP
 * interactions) and AsyncAPI document (its messages) by PactFlow's open-source
 * comparator, with no provider running. Prints each finding on one line
 * (interaction, location in the pact, what differs), writes
 * `reports/bidirectional.xml`, and fails on any error.
 *
 * @module
 */
import { compareAndReport } from "../extras/bidirectional/report.ts";
import { runAsMain } from "../tooling/main.ts";

await runAsMain(import.meta, "Bi-directional check", async () => {
  const { agree, text } = await compareAndReport();
  console.log(text);
  return agree ? 0 : 1;
});
