// The page's calls to the API: JSON in and out, the session cookie, and the CSRF token on writes.
// Errors arrive as ApiError with the server's {code, message, errors} (message in the user's
// language); a network failure is an ApiError with status 0 and code "network".

let csrfToken = "";
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code || (status === 0 ? "network" : "http_error");
    this.errors = body?.errors || null;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || "";
}

/* Called with the error whenever the server answers 401: the session has ended. */
export function onUnauthorized(listener) {
  listeners.add(listener);
}

/* json: a body to send as JSON; or bytes + type: raw bytes (a photo) with their MIME type. */
export async function api(method, path, { json, bytes, type, timeoutMs = 30000 } = {}) {
  const headers = { Accept: "application/json" };
  if (json !== undefined) headers["Content-Type"] = "application/json";
  if (bytes !== undefined) headers["Content-Type"] = type;
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: bytes !== undefined ? bytes : json === undefined ? undefined : JSON.stringify(json),
      credentials: "same-origin",
      cache: "no-store",
      signal: controller.signal,
    });
  } catch {
    throw new ApiError(0, null);
  } finally {
    clearTimeout(timer);
  }
  let body = null;
  if (response.status !== 204) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, body);
    if (response.status === 401) for (const listener of listeners) listener(error);
    throw error;
  }
  return body;
}

export const get = (path, options) => api("GET", path, options);
export const post = (path, json, options) => api("POST", path, { ...options, json });
export const patch = (path, json, options) => api("PATCH", path, { ...options, json });
export const putBytes = (path, bytes, type, options) =>
  api("PUT", path, { ...options, bytes, type });
