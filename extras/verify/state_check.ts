/**
 * Provider states a pact names that the verification has no handler for.
 * pact-js only warns about such a state and verifies on, so an interaction
 * whose data happens to be there passes; this check fails first, naming the
 * state and the handler to add.
 *
 * @module
 */
import { readFileSync } from "node:fs";

/** A state an interaction names that has no handler. */
export interface MissingState {
  /** The state's name. */
  state: string;
  /** The consumer whose pact names it. */
  consumer: string;
  /** The interaction that names it. */
  interaction: string;
  /** The handler to add, with its parameters named. */
  template: string;
}

interface PactFile {
  consumer?: { name?: string };
  interactions?: {
    description?: string;
    providerStates?: { name?: string; params?: Record<string, unknown> }[];
  }[];
}

/** The handler to add for `state` to `stateHandlers()` in `provider/pact_states.ts`. */
export function handlerTemplate(state: string, params: Record<string, unknown>): string {
  const args = Object.keys(params).length > 0 ? `{ ${Object.keys(params).join(", ")} }` : "";
  return [
    `    ${JSON.stringify(state)}: {`,
    `      setup: async (${args}) => {`,
    `        // write what the interaction needs through store, e.g. await store.put(...)`,
    `      },`,
    `      teardown: async (${args}) => {`,
    `        // undo the setup`,
    `      },`,
    `    },`,
  ].join("\n");
}

/** Every state the pact files at `paths` name that is not one of `handled`. */
export function missingStates(
  paths: readonly string[],
  handled: readonly string[],
): MissingState[] {
  const known = new Set(handled);
  const missing: MissingState[] = [];
  for (const path of paths) {
    const pact = JSON.parse(readFileSync(path, "utf8")) as PactFile;
    const consumer = pact.consumer?.name ?? "?";
    for (const { description = "?", providerStates = [] } of pact.interactions ?? []) {
      for (const { name = "", params = {} } of providerStates) {
        if (!known.has(name)) {
          missing.push({
            state: name,
            consumer,
            interaction: description,
            template: handlerTemplate(name, params),
          });
        }
      }
    }
  }
  return missing;
}

/** Pacts name provider states that have no handler; the message says which, and what to add. */
export class MissingStateError extends Error {
  /** One per state and interaction. */
  readonly missing: readonly MissingState[];

  /** One line per missing state, then the handlers to add. */
  constructor(missing: readonly MissingState[]) {
    const templates = [...new Map(missing.map((m) => [m.state, m.template])).values()];
    super(
      [
        ...missing.map((m) =>
          `Provider state "${m.state}" (${m.consumer}: interaction "${m.interaction}") has no handler`
        ),
        "Add to stateHandlers() in provider/pact_states.ts:",
        ...templates,
      ].join("\n"),
    );
    this.name = "MissingStateError";
    this.missing = missing;
  }
}
