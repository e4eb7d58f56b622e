/**
 * The consumer mutation check: every value OrderService's pact pins in what
 * it receives must be read by OrderService. For each contract case, and each
 * value its interaction pins (see `pinned_values.ts`), the case runs again,
 * unchanged, against an answer with that value taken away: a response from
 * the real Pact mock server changed by a proxy, or the message pact-js hands
 * over, changed. The case's test must then fail. A value whose loss leaves
 * it green is pinned but never read: over-specified, a contract that would
 * fail providers for changes that break nothing.
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAnswerProxy } from "./answer_proxy.ts";
import { instrument } from "./instrument.ts";
import { CONSUMER_NAME, userServicePact } from "../pacts/cases/pact.ts";
import { type Answer, type PactInteraction, pinnedValues } from "./pinned_values.ts";
import type { ContractCase } from "../pacts/cases/session.ts";

/** A pinned value the case's test did not notice losing. */
export interface UnreadValue {
  /** Where: `body $.phone`, `header Content-Type`, … */
  value: string;
  /** How it was taken away. */
  change: string;
}

/** What the check found for one case. */
export interface CaseVerdict {
  /** The case's name. */
  name: string;
  /** Its interaction's description. */
  interaction: string;
  /** The values its interaction pins (a value may be taken away in more than one way). */
  pinned: number;
  /** The changes its test passed through: each an over-specified value. */
  unread: UnreadValue[];
}

/** A mock server as pact-js hands it to an HTTP case's test. */
interface MockServer {
  url: string;
  port: number;
}

/** A message as pact-js hands it to a message case's test. */
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

/**
 * Runs `contractCase` with pacts written into `dir`, its test seeing every
 * answer through `change` (none: unchanged). Resolves to its failure, or
 * `undefined` when it passed.
 */
async function runChanged(
  contractCase: ContractCase,
  dir: string,
  change?: (answer: Answer) => Answer,
): Promise<unknown> {
  const pact = instrument(userServicePact(dir), {
    executeTest: (test) => async (subject) => {
      if (!change) return await test(subject);
      if (isMockServer(subject)) {
        await using proxy = await startAnswerProxy(subject.url, change);
        return await test({ ...subject, url: proxy.url, port: proxy.port });
      }
      return await test(changedMessage(subject as Message, change));
    },
  });
  try {
    await contractCase.run(pact);
    return undefined;
  } catch (error) {
    return error ?? new Error("failed");
  }
}

/** The one interaction a case wrote into the pact file in `dir`. */
function interactionWritten(dir: string, name: string): PactInteraction {
  const path = join(dir, `${CONSUMER_NAME}-UserService.json`);
  const interactions = JSON.parse(readFileSync(path, "utf8")).interactions as PactInteraction[];
  if (interactions.length !== 1) {
    throw new Error(`Case "${name}" declares ${interactions.length} interactions; one is checked`);
  }
  return interactions[0];
}

/**
 * Checks one case: runs it as it is (it must pass, and its interaction says
 * what it pins), once more through the answer proxy unchanged (the harness
 * must change nothing), then once per pinned value taken away.
 */
export async function checkCase(contractCase: ContractCase): Promise<CaseVerdict> {
  const dir = mkdtempSync(join(tmpdir(), "order-service-mutation-check-"));
  try {
    const asIs = await runChanged(contractCase, join(dir, "as-is"));
    if (asIs !== undefined) {
      throw new Error(`Case "${contractCase.name}" fails as it is: ${messageOf(asIs)}`);
    }
    const interaction = interactionWritten(join(dir, "as-is"), contractCase.name);
    const identity = await runChanged(contractCase, join(dir, "identity"), (answer) => answer);
    if (identity !== undefined) {
      throw new Error(
        `Case "${contractCase.name}" fails through the unchanged proxy, so the check cannot ` +
          `judge it: ${messageOf(identity)}`,
      );
    }
    const unread: UnreadValue[] = [];
    const pinned = pinnedValues(interaction);
    for (const [n, { value, change, apply }] of pinned.entries()) {
      const failure = await runChanged(contractCase, join(dir, `change-${n}`), apply);
      if (failure === undefined) unread.push({ value, change });
    }
    return {
      name: contractCase.name,
      interaction: interaction.description,
      pinned: new Set(pinned.map((p) => p.value)).size,
      unread,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WITH: Record<string, string> = {
  "removed": "with it removed",
  "of another type": "with it of another type",
  "another status": "with another status",
};

/** Checks every case in turn; `onCase` hears of each before it starts. */
export async function checkCases(
  cases: readonly ContractCase[],
  onCase: (contractCase: ContractCase) => void = () => {},
): Promise<CaseVerdict[]> {
  const verdicts: CaseVerdict[] = [];
  for (const contractCase of cases) {
    onCase(contractCase);
    verdicts.push(await checkCase(contractCase));
  }
  return verdicts;
}

/** The check's verdict over `cases`: one line per over-specified value, then the score. */
export function reportVerdicts(verdicts: readonly CaseVerdict[]): { ok: boolean; text: string } {
  const lines: string[] = [];
  for (const verdict of verdicts) {
    for (const { value, change } of verdict.unread) {
      lines.push(
        `  ✗ "${verdict.interaction}": ${value} is pinned, but the case passes ${WITH[change]}` +
          ` (OrderService never reads it: stop pinning it, or use it)`,
      );
    }
  }
  const pinned = verdicts.reduce((sum, v) => sum + v.pinned, 0);
  const unread = verdicts.reduce((sum, v) => sum + new Set(v.unread.map((u) => u.value)).size, 0);
  lines.push(
    `Consumer mutation check: ${pinned - unread} of ${pinned} pinned values proved read by ` +
      `OrderService's tests, ${unread} over-specified (${verdicts.length} interactions)`,
  );
  return { ok: unread === 0, text: lines.join("\n") };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
