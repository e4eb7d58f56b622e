/** A JSON response; `Response.json` with a status and extra headers. */
export function jsonResponse(status: number, body: unknown, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

/** A JSON error response: `{"error": message}`. */
export function errorResponse(status: number, message: string, headers?: HeadersInit): Response {
  return jsonResponse(status, { error: message }, headers);
}
