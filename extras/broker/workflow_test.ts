/**
 * The CI workflow offered to users (`.github/workflows/contracts.yml`) parses
 * and holds the broker workflow's steps. It is not run here.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse } from "yaml";

interface Step {
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { if?: string; steps: Step[] }>;
}

const workflow = parse(
  readFileSync(new URL("../../.github/workflows/contracts.yml", import.meta.url), "utf8"),
) as Workflow;

const runs = (job: string) => workflow.jobs[job].steps.map((step) => step.run ?? "").join("\n");

test("the consumer job tests, publishes, then asks can-i-deploy for each consumer", () => {
  const steps = runs("consumer");
  const order = [
    "task test",
    "task pact:publish",
    "task can-i-deploy OrderService",
    "task can-i-deploy NotificationService",
  ];
  assert.deepEqual(
    order.map((s) => steps.indexOf(s)).sort((a, b) => a - b),
    order.map((s) => steps.indexOf(s)),
  );
  assert.ok(order.every((s) => steps.includes(s)), steps);
});

test("the provider job verifies (publishing results), asks can-i-deploy, records the deployment", () => {
  const steps = runs("provider");
  assert.ok(
    steps.indexOf("task test") < steps.indexOf("task pact:publish-provider-contract"),
    "the provider contract is published after the tests that check the service against it",
  );
  for (
    const step of [
      "task verify",
      "task can-i-deploy UserService",
      "task record-deployment UserService",
    ]
  ) {
    assert.ok(steps.includes(step), `${step} missing`);
  }
  assert.ok(steps.indexOf("task verify") < steps.indexOf("task record-deployment"));
});

test("a job runs on the broker's contract-requiring-verification webhook", () => {
  assert.deepEqual(workflow.on.repository_dispatch, {
    types: ["contract_requiring_verification_published"],
  });
  assert.match(workflow.jobs["verify-changed-pact"].if ?? "", /repository_dispatch/);
  assert.ok(runs("verify-changed-pact").includes("task verify"));
});

test("every job shows its JUnit reports, also when a step failed", () => {
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const publish = job.steps.find((step) => step.uses?.startsWith("mikepenz/action-junit-report"));
    assert.ok(publish, `${name} publishes no JUnit report`);
    assert.equal(publish.with?.report_paths, "reports/*.xml");
    assert.match(publish.if ?? "", /always\(\)/);
  }
});
