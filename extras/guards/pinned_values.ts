/**
 * The values a pact interaction pins in what the consumer receives (a
 * response's status, headers and body; a message's metadata and body), each
 * with a change that takes it away: removed, or of another type where the
 * pact matches it by type. The consumer mutation check replays a case with
 * each change and expects its test to fail.
 *
 * @module
 */

/** What the consumer receives, in one shape for a response and a message. */
export interface Answer {
  /** The HTTP status; `undefined` for a message. */
  status?: number;
  /** The response's headers, or the message's metadata. */
  headers: Record<string, unknown>;
  /** The decoded JSON body; `undefined` when there is none. */
  body: unknown;
}

/** One pinned value and the change that takes it away. */
export interface PinnedValue {
  /** Where: `status`, `header Content-Type`, `metadata topic`, `body $.users[*].id`. */
  value: string;
  /** How it is taken away. */
  change: "removed" | "of another type" | "another status";
  /** `answer` with the change applied (a copy). */
  apply(answer: Answer): Answer;
}

type Json = Record<string, unknown>;

interface Rules {
  body?: Record<string, { matchers?: { match?: string }[] }>;
  header?: Record<string, unknown>;
  metadata?: Record<string, { matchers?: { match?: string }[] }>;
}

/** A pact interaction as the pact file holds it (V4), as far as it is read here. */
export interface PactInteraction {
  type: string;
  description: string;
  request?: { method: string; path: string };
  response?: {
    status: number;
    headers?: Record<string, unknown>;
    body?: { content?: unknown };
    matchingRules?: Rules;
  };
  contents?: { content?: unknown };
  metadata?: Record<string, unknown>;
  matchingRules?: Rules;
}

// Matchers that accept any value of the example's type: the type is what is pinned.
const TYPE_MATCHERS = new Set(["type", "integer", "decimal", "number", "boolean"]);

/** A value of another JSON type than `value`. */
export function anotherType(value: unknown): unknown {
  if (typeof value === "string") return 42;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return {};
  if (value === null) return 0;
  return "not an object";
}

/** Every key path in `value`: `$.a`, `$.a.b`, `$.list[*].c` (array elements as one). */
export function bodyPaths(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) {
    return [...new Set(value.flatMap((element) => bodyPaths(element, `${path}[*]`)))];
  }
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    `${path}.${key}`,
    ...bodyPaths(inner, `${path}.${key}`),
  ]);
}

/** `path` (`$.users[*].id`) as segments: `["users", "*", "id"]`. */
function segments(path: string): string[] {
  return path.replace(/^\$\.?/, "").split(/\.|(?=\[\*\])/).map((s) => s === "[*]" ? "*" : s)
    .filter(Boolean);
}

/**
 * `body` with the value at `path` removed (`change` undefined) or replaced
 * by `change(value)`, in every array element a `[*]` names. A copy.
 */
export function changeAt(
  body: unknown,
  path: string,
  change?: (value: unknown) => unknown,
): unknown {
  const copy = structuredClone(body);
  const visit = (node: unknown, rest: string[]): void => {
    if (rest.length === 0 || typeof node !== "object" || node === null) return;
    const [head, ...tail] = rest;
    if (head === "*") {
      if (Array.isArray(node)) { for (const element of node) visit(element, tail); }
      return;
    }
    const record = node as Json;
    if (!(head in record)) return;
    if (tail.length > 0) return visit(record[head], tail);
    if (change) record[head] = change(record[head]);
    else delete record[head];
  };
  visit(copy, segments(path));
  return copy;
}

function byType(
  rules: Record<string, { matchers?: { match?: string }[] }> | undefined,
  key: string,
) {
  return (rules?.[key]?.matchers ?? []).some((m) => TYPE_MATCHERS.has(m.match ?? ""));
}

/** `record` without `key`, compared without regard to case (HTTP header names). */
function without(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([name]) => name.toLowerCase() !== key.toLowerCase()),
  );
}

/** Every value `interaction` pins in what the consumer receives, with its change. */
export function pinnedValues(interaction: PactInteraction): PinnedValue[] {
  const isMessage = interaction.type !== "Synchronous/HTTP";
  const rules = (isMessage ? interaction.matchingRules : interaction.response?.matchingRules) ??
    {};
  const body = isMessage ? interaction.contents?.content : interaction.response?.body?.content;
  const headers = (isMessage ? interaction.metadata : interaction.response?.headers) ?? {};
  const pinned: PinnedValue[] = [];
  if (!isMessage && interaction.response) {
    const status = interaction.response.status;
    pinned.push({
      value: "status",
      change: "another status",
      apply: (answer) => ({ ...answer, status: status >= 500 ? 200 : 500 }),
    });
  }
  const where = isMessage ? "metadata" : "header";
  for (const name of Object.keys(headers)) {
    pinned.push({
      value: `${where} ${name}`,
      change: "removed",
      apply: (answer) => ({ ...answer, headers: without(answer.headers, name) }),
    });
    if (isMessage && byType(rules.metadata, name)) {
      pinned.push({
        value: `${where} ${name}`,
        change: "of another type",
        apply: (answer) => ({
          ...answer,
          headers: { ...answer.headers, [name]: anotherType(answer.headers[name]) },
        }),
      });
    }
  }
  for (const path of bodyPaths(body)) {
    pinned.push({
      value: `body ${path}`,
      change: "removed",
      apply: (answer) => ({ ...answer, body: changeAt(answer.body, path) }),
    });
    if (byType(rules.body, path)) {
      pinned.push({
        value: `body ${path}`,
        change: "of another type",
        apply: (answer) => ({ ...answer, body: changeAt(answer.body, path, anotherType) }),
      });
    }
  }
  return pinned;
}
