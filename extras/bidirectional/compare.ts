import * as comparatorModule from "@pactflow/openapi-pact-comparator";
import { readFileSync } from "node:fs";
import { ASYNCAPI, OPENAPI } from "../../provider/service/api/documents.ts";

/** The part of a comparator result this module reads. */
interface Result {
  type: "error" | "warning" | "info";
  code: string;
  message: string;
  mockDetails?: { interactionDescription?: string | null; location: string };
  specDetails?: { location: string };
}

// The package's own typings re-export without file extensions, which TypeScript's
// `nodenext` resolution cannot follow; the class is typed here by what is used.
const { Comparator } = comparatorModule as unknown as {
  Comparator: new (options: { oas?: object; asyncapi?: object }) => {
    compare(pact: object): AsyncGenerator<Result>;
  };
};

/** One thing the comparator found, in readable form. */
export interface Finding {
  /** `error` fails the check; `warning` is shown. */
  type: "error" | "warning";
  /** The pact's consumer. */
  consumer: string;
  /** The interaction, when the finding names one. */
  interaction: string;
  /** Where in the pact (`[root].interactions[0].response.body.email`). */
  location: string;
  /** What differs, in the comparator's words, with its code. */
  message: string;
}

/** The documents to compare with; the repository's own by default. */
export interface Descriptions {
  oas: Record<string, unknown>;
  asyncapi: Record<string, unknown>;
}

/** Every interaction a pact holds, by description, so that passes can be reported too. */
export function interactionsOf(pact: { interactions?: { description?: string }[] }): string[] {
  return (pact.interactions ?? []).map((i) => String(i.description ?? "?"));
}

/** A comparison of pact files with the descriptions it was made for; see {@linkcode comparison}. */
export type Comparison = (paths: readonly string[]) => Promise<Finding[]>;

/**
 * A comparison of pact files with `descriptions`, its comparator made once:
 * it compiles the documents' schemas as it first needs them, so a comparison
 * kept while the documents stay the same (the watch loop) does that once.
 */
export function comparison(
  descriptions: Descriptions = { oas: OPENAPI as never, asyncapi: ASYNCAPI as never },
): Comparison {
  const comparator = new Comparator({ oas: descriptions.oas, asyncapi: descriptions.asyncapi });
  return async function compare(paths) {
    const findings: Finding[] = [];
    for (const path of paths) {
      const pact = JSON.parse(readFileSync(path, "utf8"));
      const consumer = String(pact.consumer?.name ?? "?");
      for await (const result of comparator.compare(pact)) {
        if (result.type === "info") continue;
        findings.push({
          type: result.type,
          consumer,
          interaction: result.mockDetails?.interactionDescription ??
            descriptionAt(pact, result.mockDetails?.location) ?? "(the pact)",
          location: result.mockDetails?.location ?? "[root]",
          message: `${result.message} (${result.code}${
            result.specDetails?.location ? `; document: ${result.specDetails.location}` : ""
          })`,
        });
      }
    }
    return findings;
  };
}

/**
 * Compares each pact file at `paths` with UserService's OpenAPI document
 * (HTTP interactions) and AsyncAPI document (messages), with PactFlow's
 * open-source comparator: the bi-directional check, which needs no running
 * provider. Resolves to its errors and warnings.
 *
 * @example
 * ```ts
 * const findings = await compareWithDescriptions(localPactFiles());
 * ```
 */
export function compareWithDescriptions(
  paths: readonly string[],
  descriptions?: Descriptions,
): Promise<Finding[]> {
  return comparison(descriptions)(paths);
}

/** The description of the interaction a location like `[root].interactions[3]…` points into. */
function descriptionAt(pact: { interactions?: { description?: string }[] }, location?: string) {
  const index = /^\[root\]\.interactions\[(\d+)\]/.exec(location ?? "")?.[1];
  return index === undefined ? undefined : pact.interactions?.[Number(index)]?.description;
}
