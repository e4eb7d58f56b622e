import process from "node:process";

/**
 * Whether `error` is postgres.js's deferred write on a connection that has
 * closed: `nextWrite` in its `src/connection.js` calling `write` on the
 * socket that closing set to `null`.
 */
export function isDeferredWriteOnClosedSocket(error: unknown): boolean {
  return error instanceof TypeError &&
    /\(reading 'write'\)|evaluating 'socket\.write'/.test(error.message) &&
    /\bnextWrite\b[^\n]*[/\\]postgres[/\\](?:[\d.]+[/\\])?src[/\\]connection\.js/.test(
      error.stack ?? "",
    );
}

/**
 * Keeps a process alive through one known fault of postgres.js 3.4.9: it
 * defers a small write with `setImmediate`, and when the connection closes
 * first (a database restarting, say), the deferred write dereferences the
 * closed socket and throws where no caller can catch it, ending the process
 * (porsager/postgres#1154 and #1208; guards proposed in #1168 and #1176, not
 * released). By then the query that wrote was already rejected with
 * `CONNECTION_CLOSED` (a 503 here), so the write has nothing left to do: the
 * guard drops that error, with a line to `log`, as the proposed guards do.
 *
 * Any other uncaught error is left as it was: with no other listener for
 * it, it is printed and the process exits with code 1, as it would without
 * the guard. Disposing removes the guard.
 */
export function guardPostgresDeferredWrite(
  log: (line: string) => void = (line) => console.error(line),
): Disposable {
  const listener = (error: unknown) => {
    if (isDeferredWriteOnClosedSocket(error)) {
      log(
        "UserService: dropped a write of postgres.js on a closed connection (porsager/postgres#1154)",
      );
      return;
    }
    if (process.listenerCount("uncaughtException") > 1) return; // another listener decides
    console.error(error);
    process.exit(1);
  };
  process.on("uncaughtException", listener);
  return { [Symbol.dispose]: () => void process.off("uncaughtException", listener) };
}
