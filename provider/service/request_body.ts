/** A request body could not be accepted; `status` is the 4xx to answer. */
export class BadBodyError extends Error {
  /** The HTTP status to answer with. */
  readonly status: 400 | 413 | 415;

  /** Creates the error. */
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = "BadBodyError";
    this.status = status;
  }
}

/**
 * The JSON body of `request`, read up to `maxBytes`: a body that is not
 * declared as JSON, too large, or not valid JSON throws {@linkcode BadBodyError}.
 */
export async function readJsonBody(request: Request, maxBytes = 16 * 1024): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new BadBodyError(415, "Content-Type must be application/json");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new BadBodyError(413, `Body must be at most ${maxBytes} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of request.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new BadBodyError(413, `Body must be at most ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BadBodyError) throw error;
    // The client stopped sending (closed, reset): its request, not this service, failed.
    throw new BadBodyError(400, "Body could not be read");
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
