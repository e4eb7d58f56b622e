/**
 * Test helper: reads a UserService database (a SQLite file, or PostgreSQL)
 * directly, not through the store under test, and reports every user whose stored state differs from
 * the state its last event announces.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import postgres from "postgres";
import { connectionOptions } from "../service/store/postgres_user_store.ts";
import { Conformance } from "../service/api/conformance.ts";

/** A user's state: its row, or `"deleted"`. */
export type UserState = { name: string; email: string } | "deleted";

/** What a database file holds: each user's row, and each user's state as its last event says. */
export interface DatabaseView {
  /** Stored users by id. */
  stored: Map<number, UserState>;
  /** By user id, the state its last event announces. */
  announced: Map<number, UserState>;
  /** How many events there are. */
  events: number;
  /** Events that do not conform to their AsyncAPI message, one line each. */
  undescribed: string[];
}

type Row = Record<string, unknown>;

/** The view of a database from its rows: users, and the outbox oldest first. */
function view(users: Row[], outbox: Row[]): DatabaseView {
  const stored = new Map<number, UserState>();
  for (const row of users) {
    stored.set(Number(row.id), { name: String(row.name), email: String(row.email) });
  }
  const announced = new Map<number, UserState>();
  const conformance = new Conformance();
  const undescribed: string[] = [];
  for (const row of outbox) {
    const parse = (value: unknown) => typeof value === "string" ? JSON.parse(value) : value;
    const event = parse(row.contents);
    const metadata = parse(row.metadata);
    for (const problem of conformance.eventProblems({ contents: event, metadata })) {
      undescribed.push(`event ${row.seq}: ${problem}`);
    }
    if (event.event === "user.updated") {
      announced.set(event.user.id, { name: event.user.name, email: event.user.email });
    } else {
      announced.set(event.userId, "deleted");
    }
  }
  return { stored, announced, events: outbox.length, undescribed };
}

/** Reads the SQLite file at `path`: the users table and the outbox, oldest event first. */
export function readDatabase(path: string): DatabaseView {
  const db = new DatabaseSync(path);
  try {
    return view(
      db.prepare("SELECT id, name, email FROM users").all(),
      db.prepare("SELECT seq, contents, metadata FROM outbox ORDER BY seq").all(),
    );
  } finally {
    db.close();
  }
}

/** Reads the PostgreSQL database at `url` the same way. */
export async function readPostgresDatabase(url: string): Promise<DatabaseView> {
  const sql = postgres({ ...connectionOptions(url), max: 1, onnotice: () => {} });
  try {
    return view(
      await sql`SELECT id, name, email FROM users`,
      await sql`SELECT seq, contents, metadata FROM outbox ORDER BY seq`,
    );
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** The state of user `id` in `view`: its row, or `"deleted"` when there is none. */
export function storedState(view: DatabaseView, id: number): UserState {
  return view.stored.get(id) ?? "deleted";
}

/**
 * One line per user whose stored state is not what its last event announces,
 * and per event its AsyncAPI document does not describe.
 */
export function inconsistencies(view: DatabaseView): string[] {
  const ids = new Set([...view.stored.keys(), ...view.announced.keys()]);
  const problems: string[] = [...view.undescribed];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const stored = JSON.stringify(storedState(view, id));
    const announced = view.announced.get(id);
    if (announced === undefined) problems.push(`user ${id}: stored ${stored}, never announced`);
    else if (JSON.stringify(announced) !== stored) {
      problems.push(`user ${id}: stored ${stored}, last event ${JSON.stringify(announced)}`);
    }
  }
  return problems;
}
