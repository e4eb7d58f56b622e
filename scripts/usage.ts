/**
 * `deno task usage` / `npm run usage`: who reads what of UserService
 * (`extras/usage/`). Runs the consumer mutation check, prints each part of
 * UserService's answers and events with each consumer's use of it, and
 * writes the same as one page, `reports/usage.html`.
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import { checkConsumers } from "../extras/guards/consumer_mutation_check.ts";
import { usageRows, usageTable } from "../extras/usage/usage.ts";
import { usagePage } from "../extras/usage/usage_page.ts";
import { runAsMain } from "../tooling/main.ts";
import { repoPath } from "../tooling/repo.ts";

await runAsMain(import.meta, "deno task usage", async () => {
  const check = await checkConsumers();
  const rows = usageRows(check);
  console.log(usageTable(rows));
  const page = repoPath("reports/usage.html");
  writeFileSync(page, usagePage(rows));
  console.log(`\nThe same as one page: ${page}`);
  if (!check.ok) console.error(check.text);
  return check.ok ? 0 : 1;
});
