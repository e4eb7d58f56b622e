import { readFileSync } from "node:fs";
import type { UserStore } from "../../../provider/service/store/user_store.ts";
import { userStates } from "./states.ts";

/** A provider state an interaction names that verification cannot set up. */
export interface StateProblem {
  /** The state's name. */
  state: string;
  /** The interaction that names it. */
  interaction: string;
  /** One line: what is wrong. */
  message: string;
  /** For a state with no handler: the code to add to `extras/verify/contract/states.ts`. */
  template?: string;
}

interface PactFile {
  interactions?: {
    description?: string;
    providerStates?: { name?: string; params?: Record<string, unknown> }[];
  }[];
}

/** The handler to add for `state`, with its parameters named. */
export function handlerTemplate(state: string, params: Record<string, unknown>): string {
  const names = Object.keys(params);
  const args = names.length > 0 ? `{ ${names.join(", ")} }` : "";
  return [
    `    ${JSON.stringify(state)}: {`,
    `      check: ${
      names.length > 0 ? "(params) => /* why params cannot be used */ undefined" : "() => undefined"
    },`,
    `      setup: async (${args}) => {`,
    `        // write what the interaction needs through store, e.g. await store.put(...)`,
    `      },`,
    `      teardown: async (${args}) => {`,
    `        // undo the setup`,
    `      },`,
    `    },`,
  ].join("\n");
}

/**
 * Every provider state named in the pact files at `paths` that UserService's
 * states cannot set up: no handler, or parameters the handler refuses. Read
 * before verifying, so that a missing state fails even where the interaction
 * would pass because its data happens to be there.
 */
export function stateProblems(paths: readonly string[], store: UserStore): StateProblem[] {
  const states = userStates(store);
  const problems: StateProblem[] = [];
  for (const path of paths) {
    const pact = JSON.parse(readFileSync(path, "utf8")) as PactFile;
    for (const interaction of pact.interactions ?? []) {
      const description = interaction.description ?? "?";
      for (const { name = "", params = {} } of interaction.providerStates ?? []) {
        const known = states[name];
        if (!known) {
          problems.push({
            state: name,
            interaction: description,
            message: `Provider state "${name}" (interaction "${description}") has no handler`,
            template: handlerTemplate(name, params),
          });
          continue;
        }
        const problem = known.check(params);
        if (problem) {
          problems.push({
            state: name,
            interaction: description,
            message: `Provider state "${name}" (interaction "${description}") ${problem}`,
          });
        }
      }
    }
  }
  return problems;
}

/** Pacts name provider states that verification cannot set up; the message says which, and how to add them. */
export class ProviderStateError extends Error {
  /** The problems, one per state and interaction. */
  readonly problems: readonly StateProblem[];

  /** Creates the error: one line per problem, then the handlers to add. */
  constructor(problems: readonly StateProblem[]) {
    const templates = [
      ...new Map(problems.filter((p) => p.template).map((p) => [p.state, p.template]))
        .values(),
    ];
    super(
      problems.map((p) => p.message).join("\n") +
        (templates.length > 0
          ? `\nAdd to userStates() in extras/verify/contract/states.ts:\n${
            templates.join("\n")
          }`
          : ""),
    );
    this.name = "ProviderStateError";
    this.problems = problems;
  }
}
