/**
 * OrderService's contract with UserService: every interaction it needs, as
 * cases that `contract_test.ts` runs under the test runner and
 * `extras/loop/contract_loop.ts` runs in the one-process loop, both writing
 * `pacts/OrderService-UserService.json` afresh through {@linkcode ContractSession}.
 *
 * @module
 */
import { HTTP_CASES } from "./http_cases.ts";
import { MESSAGE_CASES } from "./message_cases.ts";
import type { ContractCase } from "./session.ts";

export { CONSUMER_NAME, PACT_DIR } from "./pact.ts";
export { type CaseResult, type ContractCase, ContractSession } from "./session.ts";

/** Every interaction OrderService needs from UserService: HTTP, then messages. */
export const CONTRACT_CASES: readonly ContractCase[] = [...HTTP_CASES, ...MESSAGE_CASES];
