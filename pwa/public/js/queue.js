// The residents' offline queue: tips and safety ratings wait in IndexedDB ("lykta-public", not
// the staff outbox) until the server has them, across reloads and a closed browser.
//
// A tip is sent as `PUT /api/v1/public/findings/<uuid>` (the phone chose the UUID, so a retry
// after a lost answer is the same tip: 202 again), then each photo by its own PUT. A rating has
// no id on the server: `POST /api/v1/public/ratings`, and the queued copy (by a client id) is
// dropped on 201. A crash between the 201 and the drop sends it twice; the survey counts it
// twice then, which is accepted (docs/field-app.md).
//
// What an answer means: 2xx done; 422 (or 400, 409, 413) the server will never take this as it
// is — kept for the resident to change or delete; 429 wait for Retry-After; no answer or 5xx —
// tried again later (online, page shown again, a timer), with a growing pause.

const DB_NAME = "lykta-public";
const QUEUE = "queue";
const LISTS = "lists";
const BACKOFF_S = [5, 15, 30, 60, 120, 300];
const TIMEOUT_MS = 30000;
const REFUSED = new Set([400, 409, 413, 422]);
const PHOTO_REFUSED = new Set([400, 409, 413, 415, 422]);

let opening = null;
const listeners = new Set();
const status = { sending: false, justSent: false };
let timer = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(QUEUE, { keyPath: "id" });
        request.result.createObjectStore(LISTS);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

async function run(store, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode);
    const request = work(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request?.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

export const items = async () =>
  ((await run(QUEUE, "readonly", (store) => store.getAll())) || []).sort((a, b) =>
    a.created < b.created ? -1 : 1
  );
export const get = (id) => run(QUEUE, "readonly", (store) => store.get(id));
export const put = (item) => run(QUEUE, "readwrite", (store) => store.put(item));
export const remove = (id) => run(QUEUE, "readwrite", (store) => store.delete(id));
export const keepList = (key, value) => run(LISTS, "readwrite", (store) => store.put(value, key));
export const keptList = (key) => run(LISTS, "readonly", (store) => store.get(key));

/* Queue a tip ({id, body, photos: [{id, data, type}]}) or a rating ({id, body}); sends at once
   when it can. */
export async function add(kind, { id, body, photos = [] }) {
  // Ask the browser not to clear the queue under storage pressure (granted or not, it waits).
  navigator.storage?.persist?.().catch(() => {});
  await put({
    id,
    kind,
    body,
    photos: photos.map((photo) => ({ ...photo, done: false })),
    created: new Date().toISOString(),
    state: "waiting",
    stored: false, // a tip: the server has its text (the photos may still wait)
    attempts: 0,
    nextAt: 0,
  });
  changed();
  send({ force: true });
}

export function onChange(listener) {
  listeners.add(listener);
}

export function changed() {
  for (const listener of listeners) listener({ ...status });
}

/* Send what is due (everything with `force`: the network is back, the page is shown again). */
export async function send({ force = false } = {}) {
  if (navigator.locks) {
    // One sender at a time, across the tabs of both pages.
    return navigator.locks.request("lykta-public-queue", { ifAvailable: true }, (lock) =>
      lock ? sendDue(force) : null
    );
  }
  return sendDue(force);
}

async function sendDue(force) {
  const now = Date.now();
  status.sending = true;
  changed();
  let sent = 0;
  try {
    for (const item of await items()) {
      if (item.state === "invalid" || (!force && item.nextAt > now)) continue;
      // The server asked this client to wait (429, Retry-After): even a returning network
      // does not hurry it.
      if (item.limitedUntil > now) continue;
      const outcome = await sendOne(item);
      if (outcome.done) {
        await remove(item.id);
        sent += 1;
      } else if (outcome.refused) {
        await put({
          ...item,
          ...outcome.item,
          state: "invalid",
          message: outcome.message,
          errors: outcome.errors,
        });
      } else {
        const attempts = item.attempts + 1;
        const pause = outcome.retryAfter ?? BACKOFF_S[Math.min(attempts, BACKOFF_S.length) - 1];
        const nextAt = Date.now() + pause * 1000;
        const limitedUntil = outcome.retryAfter ? nextAt : 0;
        await put({ ...item, ...outcome.item, attempts, nextAt, limitedUntil });
        break; // no network, a busy server or a limit: the rest would fare no better now
      }
    }
  } finally {
    status.sending = false;
    status.justSent = sent > 0;
    changed();
    schedule();
  }
}

/* → {done} | {refused, message, errors} | {retryAfter?}; `item` carries what progressed. */
async function sendOne(item) {
  if (item.kind === "rating") {
    const answer = await call("POST", "/api/v1/public/ratings", { json: item.body });
    return verdict(answer, {});
  }
  const progress = { stored: item.stored, photos: item.photos.map((photo) => ({ ...photo })) };
  if (!progress.stored) {
    const answer = await call("PUT", `/api/v1/public/findings/${item.id}`, { json: item.body });
    const result = verdict(answer, progress);
    if (!result.done) return result;
    progress.stored = true;
    await put({ ...item, ...progress });
  }
  for (const photo of progress.photos) {
    if (photo.done) continue;
    const path = `/api/v1/public/findings/${item.id}/photos/${photo.id}`;
    const answer = await call("PUT", path, { bytes: photo.data, type: photo.type });
    if (answer.ok || answer.status === 404 || PHOTO_REFUSED.has(answer.status)) {
      // 404: nothing was stored for this tip (the server does not keep what looks like a bot)
      photo.rejected = !answer.ok;
      photo.done = true;
      photo.data = null;
      await put({ ...item, ...progress });
      continue;
    }
    return { ...verdict(answer, progress), done: false };
  }
  return { done: true };
}

function verdict(answer, progress) {
  if (answer.ok) return { done: true };
  if (REFUSED.has(answer.status)) {
    return {
      refused: true,
      message: answer.body?.message || "",
      errors: answer.body?.errors,
      item: progress,
    };
  }
  if (answer.status === 429) {
    const seconds = Number.parseInt(answer.retryAfter, 10);
    return { retryAfter: Number.isFinite(seconds) && seconds > 0 ? seconds : 60, item: progress };
  }
  return { item: progress };
}

async function call(method, path, { json, bytes, type }) {
  const controller = new AbortController();
  const abort = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const headers = {
    Accept: "application/json",
    "Accept-Language": document.documentElement.lang || "sv",
    "Content-Type": json === undefined ? type : "application/json",
  };
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: json === undefined ? bytes : JSON.stringify(json),
      credentials: "omit", // no account: a staff session cookie must not go along
      cache: "no-store",
      signal: controller.signal,
    });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return {
      ok: response.ok,
      status: response.status,
      body,
      retryAfter: response.headers.get("Retry-After"),
    };
  } catch {
    return { ok: false, status: 0, body: null };
  } finally {
    clearTimeout(abort);
  }
}

/* Next try: when the earliest waiting item is due, and at least every 30 s while any waits
   (an `online` event that never came). */
async function schedule() {
  clearTimeout(timer);
  const waiting = (await items()).filter((item) => item.state !== "invalid");
  if (!waiting.length) return;
  const due = Math.min(...waiting.map((item) => item.nextAt));
  const wait = Math.min(30000, Math.max(1000, due - Date.now()));
  timer = setTimeout(() => send(), wait);
}

/* The page's triggers: the network is back, the page is shown again, and the timer. */
export function start() {
  addEventListener("online", () => send({ force: true }));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") send({ force: true });
  });
  send({ force: true });
}
