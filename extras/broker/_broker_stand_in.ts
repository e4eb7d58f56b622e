/**
 * A Pact Broker STAND-IN for the tests: not a broker. It serves the few HAL
 * resources that publishing, verifying from a broker and can-i-deploy touch,
 * as the Pact Broker documents them, and keeps what it is sent in memory. It
 * exists because no real Pact Broker can run on these machines (it needs Ruby
 * gems or Docker); it decides can-i-deploy only from the verification
 * results it was sent.
 *
 * @module
 */
import { serveNode } from "../../provider/adapters/serve_node.ts";
import type { Server } from "../../provider/adapters/server.ts";

/** A published contract, as the stand-in keeps it. */
export interface StoredPact {
  consumer: string;
  provider: string;
  consumerVersion: string;
  branch: string;
  content: Record<string, unknown>;
}

/** A verification result the stand-in received. */
export interface StoredVerification {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
  branch?: string;
  success: boolean;
}

/** The stand-in, with what it received, for the tests to inspect. */
export interface BrokerStandIn extends Server {
  pacts: StoredPact[];
  verifications: StoredVerification[];
  /** Provider versions recorded on a branch. */
  branches: { pacticipant: string; branch: string; version: string }[];
  requests: string[];
  /** The `Authorization` header of every request. */
  authorizations: (string | null)[];
}

const HAL = { "Content-Type": "application/hal+json" };

function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
const hal = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: HAL });

/** Starts the stand-in on a free loopback port. */
export async function startBrokerStandIn(): Promise<BrokerStandIn> {
  const pacts: StoredPact[] = [];
  const verifications: StoredVerification[] = [];
  const requests: string[] = [];
  const authorizations: (string | null)[] = [];
  const branches: { pacticipant: string; branch: string; version: string }[] = [];
  let base = "";
  const pactHref = (provider: string, consumer: string, version: string) =>
    `${base}/pacts/provider/${provider}/consumer/${consumer}/version/${version}`;

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    authorizations.push(request.headers.get("authorization"));
    const path = decodeURIComponent(url.pathname);
    if (request.method === "GET" && path === "/") {
      return hal({
        _links: {
          self: { href: base },
          "pb:publish-contracts": { href: `${base}/contracts/publish` },
          "pb:provider-pacts-for-verification": {
            href: `${base}/pacts/provider/{provider}/for-verification`,
            templated: true,
          },
        },
      });
    }
    if (request.method === "POST" && path === "/contracts/publish") {
      const body = await request.json();
      for (const contract of body.contracts ?? []) {
        pacts.push({
          consumer: contract.consumerName,
          provider: contract.providerName,
          consumerVersion: body.pacticipantVersionNumber,
          branch: body.branch,
          content: JSON.parse(new TextDecoder().decode(decodeBase64(contract.content))),
        });
      }
      const name: string = body.pacticipantName;
      const number: string = body.pacticipantVersionNumber;
      const link = (href: string, title: string) => ({ href, name: title, title });
      const pacticipant = `${base}/pacticipants/${name}`;
      const version = `${pacticipant}/versions/${number}`;
      return hal({
        notices: [{ type: "success", text: `Published ${body.contracts?.length ?? 0} pact(s)` }],
        logs: [],
        _embedded: {
          pacticipant: { name, _links: { self: { href: pacticipant } } },
          version: { number, _links: { self: link(version, `Version ${number}`) } },
        },
        _links: {
          "pb:pacticipant": link(pacticipant, name),
          "pb:pacticipant-version": link(version, number),
          "pb:pacticipant-version-tags": [],
          "pb:contracts": (body.contracts ?? []).map(
            (c: { consumerName: string; providerName: string }) =>
              link(pactHref(c.providerName, c.consumerName, number), "Pact"),
          ),
        },
      });
    }
    const forVerification = /^\/pacts\/provider\/([^/]+)\/for-verification$/.exec(path);
    if (request.method === "GET" && forVerification) {
      return hal({ _links: { self: { href: url.href, title: "Pacts to be verified" } } });
    }
    if (request.method === "POST" && forVerification) {
      const provider = forVerification[1];
      const latest = new Map<string, StoredPact>();
      for (const pact of pacts) if (pact.provider === provider) latest.set(pact.consumer, pact);
      return hal({
        _embedded: {
          pacts: [...latest.values()].map((pact) => ({
            shortDescription: `latest from ${pact.consumer}'s branch ${pact.branch}`,
            verificationProperties: { pending: false, notices: [] },
            _links: {
              self: {
                href: pactHref(pact.provider, pact.consumer, pact.consumerVersion),
                name: `Pact between ${pact.consumer} and ${pact.provider}`,
              },
            },
          })),
        },
        _links: { self: { href: url.href } },
      });
    }
    const pactPath =
      /^\/pacts\/provider\/([^/]+)\/consumer\/([^/]+)\/version\/([^/]+)(\/verification-results)?$/
        .exec(path);
    const pact = pactPath &&
      pacts.findLast((p) =>
        p.provider === pactPath[1] && p.consumer === pactPath[2] &&
        p.consumerVersion === pactPath[3]
      );
    if (request.method === "GET" && pact && !pactPath[4]) {
      const href = pactHref(pact.provider, pact.consumer, pact.consumerVersion);
      return hal({
        ...pact.content,
        _links: {
          self: { href },
          "pb:provider": { href: `${base}/pacticipants/${pact.provider}`, name: pact.provider },
          "pb:publish-verification-results": { href: `${href}/verification-results` },
        },
      });
    }
    if (request.method === "POST" && pact && pactPath[4]) {
      const result = await request.json();
      verifications.push({
        consumer: pact.consumer,
        consumerVersion: pact.consumerVersion,
        provider: pact.provider,
        providerVersion: result.providerApplicationVersion,
        success: result.success === true,
      });
      return hal({ success: result.success, _links: { self: { href: url.href } } }, 201);
    }
    const pacticipant = /^\/pacticipants\/([^/]+)$/.exec(path);
    if (request.method === "GET" && pacticipant) {
      const self = `${base}/pacticipants/${pacticipant[1]}`;
      return hal({
        name: pacticipant[1],
        _links: {
          self: { href: self },
          "pb:branch-version": {
            href: `${self}/branches/{branch}/versions/{version}`,
            templated: true,
          },
          "pb:version-tag": { href: `${self}/versions/{version}/tags/{tag}`, templated: true },
        },
      });
    }
    const branchVersion = /^\/pacticipants\/([^/]+)\/branches\/([^/]+)\/versions\/([^/]+)$/
      .exec(path);
    if (request.method === "PUT" && branchVersion) {
      branches.push({
        pacticipant: branchVersion[1],
        branch: branchVersion[2],
        version: branchVersion[3],
      });
      return hal({ _links: { self: { href: url.href } } });
    }
    if (request.method === "GET" && path === "/matrix") {
      return hal(matrix(url.searchParams));
    }
    return hal({ error: `The stand-in does not serve ${request.method} ${path}` }, 404);
  }

  /** can-i-deploy's answer for the version asked about, from the results received. */
  function matrix(query: URLSearchParams) {
    const pacticipant = query.get("q[][pacticipant]");
    const number = query.get("q[][version]");
    const rows = verifications
      .filter((v) =>
        (v.consumer === pacticipant && v.consumerVersion === number) ||
        (v.provider === pacticipant && v.providerVersion === number)
      )
      .map((v) => ({
        consumer: { name: v.consumer, version: { number: v.consumerVersion } },
        provider: { name: v.provider, version: { number: v.providerVersion } },
        verificationResult: { success: v.success, verifiedAt: new Date(0).toISOString() },
      }));
    const failed = rows.filter((row) => !row.verificationResult.success).length;
    const deployable = rows.length > 0 && failed === 0;
    return {
      summary: {
        deployable,
        reason: deployable
          ? "All required verification results are published and successful"
          : rows.length === 0
          ? `There is no verified contract for ${pacticipant} version ${number}`
          : "One or more verifications have failed",
        success: rows.length - failed,
        failed,
        unknown: rows.length === 0 ? 1 : 0,
      },
      notices: [],
      matrix: rows,
    };
  }

  const server = await serveNode(handle);
  base = server.url.origin;
  return { ...server, pacts, verifications, branches, requests, authorizations };
}
