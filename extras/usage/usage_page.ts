/**
 * The usage rows as one HTML page a provider developer reads at a glance
 * (`reports/usage.html`): one table per answer or event, a column per
 * consumer. It loads nothing from outside (no script, no font, no style
 * sheet), so it works offline and from a CI artifact.
 *
 * @module
 */
import { consumersOf, isFree, type UsageRow, usageSummary, type Use } from "./usage.ts";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const LABEL: Record<Use, string> = {
  read: "reads it",
  "pinned, not read": "pins it, never reads it",
  "not pinned": "—",
};
const CLASS: Record<Use, string> = {
  read: "read",
  "pinned, not read": "unread",
  "not pinned": "none",
};

/** The page. */
export function usagePage(rows: readonly UsageRow[]): string {
  const consumers = consumersOf(rows);
  const answers = [...new Set(rows.map((r) => r.answer))];
  const sections = answers.map((answer) => {
    const mine = rows.filter((r) => r.answer === answer);
    const body = mine.map((r) => {
      const cells = consumers.map((c) =>
        `<td class="use ${CLASS[r.uses[c]]}" data-consumer="${escape(c)}">${LABEL[r.uses[c]]}</td>`
      ).join("");
      return `<tr data-part="${escape(r.part)}"${isFree(r) ? ' class="free"' : ""}>` +
        `<th scope="row">${escape(r.part)}</th>${cells}</tr>`;
    }).join("\n");
    return `<section data-answer="${escape(answer)}">
<h2>${escape(answer)}</h2>
<table>
<thead><tr><th scope="col">part</th>${
      consumers.map((c) => `<th scope="col">${escape(c)}</th>`).join("")
    }</tr></thead>
<tbody>
${body}
</tbody>
</table>
</section>`;
  }).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Who reads what of UserService</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; color: #111; max-width: 60rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; font-family: monospace; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }
th[scope=row] { font-family: monospace; font-weight: normal; }
td.read { background: #dcfce7; } td.unread { background: #fee2e2; font-weight: bold; }
td.none { color: #999; } tr.free th { color: #666; }
.legend span { padding: 0 .4rem; margin-right: .6rem; }
</style>
</head>
<body>
<h1>Who reads what of UserService</h1>
<p id="summary">UserService's answers and events, ${
    consumers.map(escape).join(" and ")
  } reading them. ${escape(usageSummary(rows))}.</p>
<p class="legend"><span class="read" style="background:#dcfce7">reads it</span> the consumer's pact pins the part,
and its consumer mutation check proves it reads it: changing the part breaks that consumer.
<span style="background:#fee2e2">pins it, never reads it</span> over-specified: the pact would fail for a change
that breaks nothing. <span style="color:#999">—</span> not pinned: that consumer does not care.</p>
${sections}
</body>
</html>
`;
}
