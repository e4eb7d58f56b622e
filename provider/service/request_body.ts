/** A request body could not be accepted; `status` is the 4xx to answer. */
export class BadBodyError extends Error {
  /** The HTTP status to answer with. */
  readonly status: 400 | 408 | 413 | 415;

  /** Creates the error. */
  constructor(status: 400 | 408 | 413 | 415, message: string) {
    super(message);
    this.name = "BadBodyError";
    this.status = status;
  }
}

/** Options of {@linkcode readJsonBody}. */
export interface ReadJsonBodyOptions {
  /** The largest body accepted, in bytes; defaults to 16 KiB. */
  maxBytes?: number;
  /**
   * How long the whole body may take to arrive, in milliseconds; defaults to
   * 10 000. A client that sends it slower gets a 408, and its connection is
   * let go.
   */
  deadlineMs?: number;
}

/**
 * The JSON body of `request`, read up to `maxBytes` within `deadlineMs`: a
 * body that is not declared as JSON, too large, too slow or not valid JSON
 * throws {@linkcode BadBodyError}.
 */
export async function readJsonBody(
  request: Request,
  options: ReadJsonBodyOptions = {},
): Promise<unknown> {
  const { maxBytes = 16 * 1024, deadlineMs = 10_000 } = options;
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new BadBodyError(415, "Content-Type must be application/json");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new BadBodyError(413, `Body must be at most ${maxBytes} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BadBodyError(408, `Body must arrive within ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await Promise.race([reader.read(), late]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new BadBodyError(413, `Body must be at most ${maxBytes} bytes`);
      chunks.push(value);
    }
  } catch (error) {
    void reader?.cancel().catch(() => {});
    if (error instanceof BadBodyError) throw error;
    // The client stopped sending (closed, reset): its request, not this service, failed.
    throw new BadBodyError(400, "Body could not be read");
  } finally {
    clearTimeout(timer);
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(concat(chunks, size)));
  } catch {
    throw new BadBodyError(400, "Body must be valid JSON");
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
