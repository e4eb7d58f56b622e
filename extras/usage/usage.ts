/**
 * Who reads what of UserService: each part of its answers and events (the
 * status, each header, each body field, each metadata key), and for each
 * consumer whether its pact pins it and whether its consumer mutation check
 * proves it reads it. The parts come from UserService's OpenAPI and AsyncAPI
 * documents, so a part no consumer pins is listed too: free to change.
 *
 * @module
 */
import type { HookRecord, PinnedRecord } from "../hooks/results.ts";
import type { WrittenPact } from "../guards/consumer_mutation_check.ts";
import { ASYNCAPI, OPENAPI } from "../../provider/service/api/documents.ts";

/** How a consumer stands to one part. */
export type Use = "read" | "pinned, not read" | "not pinned";

/** One part of one answer or event, and each consumer's use of it. */
export interface UsageRow {
  /** `GET /users/{id} → 200`, `event user.deleted`. */
  answer: string;
  /** `status`, `header Content-Type`, `body $.email`, `metadata subject`. */
  part: string;
  /** Per consumer, by name. */
  uses: Record<string, Use>;
}

type Json = Record<string, unknown>;

/** `schema` with its `$ref` followed (in `root`) and its `allOf` merged. */
function resolved(schema: unknown, root: Json): Json {
  let s = (schema ?? {}) as Json;
  while (typeof s.$ref === "string") {
    s = s.$ref.replace(/^#\//, "").split("/").reduce((at: Json, key) => at[key] as Json, root);
  }
  if (!Array.isArray(s.allOf)) return s;
  const parts = [s, ...(s.allOf as unknown[]).map((part) => resolved(part, root))];
  return {
    ...s,
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
    type: parts.find((part) => part.type)?.type,
  };
}

/** The body paths a schema describes, as the consumer mutation check names them: `$.users[*].id`. */
export function schemaPaths(schema: unknown, root: Json, path = "$"): string[] {
  const s = resolved(schema, root);
  if (s.type === "array") return schemaPaths(s.items, root, `${path}[*]`);
  const properties = (s.properties ?? {}) as Json;
  return Object.entries(properties).flatMap(([key, inner]) => [
    `${path}.${key}`,
    ...schemaPaths(inner, root, `${path}.${key}`),
  ]);
}

/** An OpenAPI path as a pattern of the paths it describes: `/users/{id}` matches `/users/1`. */
function pathPattern(template: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${template.split(/\{[^}]+\}/).map(literal).join("[^/]+")}$`);
}

/** The answer an interaction of a pact describes: `GET /users/{id} → 200`, `event user.deleted`. */
function answerOf(interaction: WrittenPact["interactions"][number], openapi: Json): string {
  if (interaction.request && interaction.response) {
    const path = Object.keys(openapi.paths as Json).find((template) =>
      pathPattern(template).test(interaction.request!.path)
    ) ?? interaction.request.path;
    return `${interaction.request.method} ${path} → ${interaction.response.status}`;
  }
  const event = (interaction.contents?.content as Json | undefined)?.event;
  return `event ${event ?? interaction.description}`;
}

/** Every part the documents describe, for the answers and events the consumers read. */
function describedParts(answers: ReadonlySet<string>, openapi: Json, asyncapi: Json) {
  const parts: [string, string][] = [];
  for (const [template, operations] of Object.entries(openapi.paths as Json)) {
    for (const [method, operation] of Object.entries(operations as Json)) {
      for (
        const [status, response] of Object.entries((operation as Json).responses as Json ?? {})
      ) {
        const answer = `${method.toUpperCase()} ${template} → ${status}`;
        // Every success of what a consumer calls, and every answer a pact pins.
        const called = [...answers].some((a) =>
          a.startsWith(`${method.toUpperCase()} ${template} → `)
        );
        if (!answers.has(answer) && !(called && status.startsWith("2"))) continue;
        parts.push([answer, "status"]);
        const r = resolved(response, openapi);
        const content = (r.content ?? {}) as Json;
        if (Object.keys(content).length > 0) parts.push([answer, "header Content-Type"]);
        for (const name of Object.keys((r.headers ?? {}) as Json)) {
          parts.push([answer, `header ${name}`]);
        }
        for (const media of Object.values(content)) {
          for (const path of schemaPaths((media as Json).schema, openapi)) {
            parts.push([answer, `body ${path}`]);
          }
        }
      }
    }
  }
  const messages = ((asyncapi.components as Json).messages ?? {}) as Json;
  for (const message of Object.values(messages)) {
    const m = message as Json;
    const answer = `event ${m.name}`;
    for (const key of Object.keys(resolved(m.headers, asyncapi).properties as Json ?? {})) {
      parts.push([answer, `metadata ${key}`]);
    }
    for (const path of schemaPaths(m.payload, asyncapi)) parts.push([answer, `body ${path}`]);
  }
  return parts;
}

/** A part's name as the documents and the check agree on it (header names in any case). */
function partKey(answer: string, part: string): string {
  return `${answer}\n${
    part.replace(/^header (.*)$/, (_, name: string) => `header ${name.toLowerCase()}`)
  }`;
}

/**
 * The usage rows: every part the documents describe (and any a pact pins
 * that they do not), with each consumer's use of it, from what the consumer
 * mutation check recorded and the pacts it judged.
 */
export function usageRows(
  check: { records: readonly HookRecord[]; pacts: readonly WrittenPact[] },
  documents: { openapi: Json; asyncapi: Json } = {
    openapi: OPENAPI as Json,
    asyncapi: ASYNCAPI as Json,
  },
): UsageRow[] {
  const consumers = [...new Set(check.pacts.map((p) => p.consumer.name))].sort();
  const answerOfDescription = new Map<string, string>();
  for (const pact of check.pacts) {
    for (const interaction of pact.interactions) {
      answerOfDescription.set(
        `${pact.consumer.name}\n${interaction.description}`,
        answerOf(interaction, documents.openapi),
      );
    }
  }
  const uses = new Map<string, Map<string, Use>>();
  for (const r of check.records.filter((r): r is PinnedRecord => r.kind === "pinned")) {
    const answer = answerOfDescription.get(`${r.consumer}\n${r.description}`);
    if (!answer) continue;
    const key = partKey(answer, r.value);
    const byConsumer = uses.get(key) ?? new Map<string, Use>();
    // A part is read only when every interaction that pins it, every way of taking it away, noticed.
    const before = byConsumer.get(r.consumer);
    byConsumer.set(
      r.consumer,
      before === "pinned, not read" || !r.read ? "pinned, not read" : "read",
    );
    uses.set(key, byConsumer);
  }
  const answers = new Set(answerOfDescription.values());
  const rows = new Map<string, UsageRow>();
  const add = (answer: string, part: string) => {
    const key = partKey(answer, part);
    if (rows.has(key)) return;
    const byConsumer = uses.get(key);
    rows.set(key, {
      answer,
      part,
      uses: Object.fromEntries(consumers.map((c) => [c, byConsumer?.get(c) ?? "not pinned"])),
    });
  };
  for (const [answer, part] of describedParts(answers, documents.openapi, documents.asyncapi)) {
    add(answer, part);
  }
  for (const key of uses.keys()) {
    const [answer, part] = key.split("\n");
    add(answer, part); // pinned but not described: the bi-directional check names those
  }
  return [...rows.values()];
}

/** Whether no consumer pins the part of `row`: it is free to change. */
export function isFree(row: UsageRow): boolean {
  return Object.values(row.uses).every((use) => use === "not pinned");
}

/** One line on the rows: how many parts, how many free to change, how many read, how many pinned unread. */
export function usageSummary(rows: readonly UsageRow[]): string {
  const free = rows.filter(isFree).length;
  const unread = rows.filter((r) => Object.values(r.uses).includes("pinned, not read")).length;
  return `${rows.length} parts: ${free} pinned by no consumer (free to change), ` +
    `${rows.length - free - unread} read by every consumer that pins them ` +
    `(their mutation checks prove it), ${unread} pinned by a consumer that never reads them`;
}

/** The consumers the rows name, in order. */
export function consumersOf(rows: readonly UsageRow[]): string[] {
  return Object.keys(rows[0]?.uses ?? {});
}

const MARK: Record<Use, string> = {
  read: "read",
  "pinned, not read": "PINNED, NOT READ",
  "not pinned": "-",
};

/** The rows as a table for a terminal, then one line on what is free to change. */
export function usageTable(rows: readonly UsageRow[]): string {
  const consumers = consumersOf(rows);
  const header = ["answer or event", "part", ...consumers];
  const lines = rows.map((r) => [r.answer, r.part, ...consumers.map((c) => MARK[r.uses[c]])]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) =>
    cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [
    row(header),
    row(widths.map((w) => "-".repeat(w))),
    ...lines.map(row),
    "",
    usageSummary(rows),
  ].join("\n");
}
