// The page's side of the outbox: queue a finding with its photos, an incident or a round, start
// the sender (sender.js, the same engine the service worker runs for Background Sync), schedule
// retries, and count.

// The engine: classic scripts that set globals (self.LyktaStore, LyktaSending, LyktaSender),
// each needing the ones before it, in the order of the service worker's importScripts().
import "./store.js";
import "./sending/verdicts.js";
import "./sending/requests.js";
import "./sending/lock.js";
import "./sender.js";
import { emit, requireSignIn, state } from "./session.js";

const Store = self.LyktaStore;
const Sender = self.LyktaSender;
export const STATES = Sender.STATES;
export const kindOf = Sender.kindOf; // finding | incident | round
const KEEP_SENT_MS = 7 * 24 * 3600 * 1000;

let running = null;
let again = false;
let againForced = false;
let timer = null;

/* Queue an item: body is the PUT body (a finding's photos: their ids), photos [{id, type,
   data}] (none for an incident or a round), kind finding | incident | round. */
export async function enqueue(id, body, photos = [], kind = "finding") {
  const item = {
    id,
    kind,
    user: { id: state.session.user.id, email: state.session.user.email },
    created_at: Date.now(),
    body,
    photos: photos.map((photo) => ({
      id: photo.id,
      type: photo.type,
      size: photo.data.byteLength,
      sent: false,
    })),
    finding_sent: false,
    state: STATES.WAITING,
    attempts: 0,
    next_attempt_at: 0,
    error: null,
  };
  await Store.transact(["outbox", "photos"], "readwrite", async (s) => {
    await Store.req(s.outbox.add(item));
    for (const photo of photos) {
      await Store.req(
        s.photos.put({ id: photo.id, finding_id: id, type: photo.type, data: photo.data })
      );
    }
  });
  emit("outbox");
  registerBackgroundSync();
  kick();
  return item;
}

/* Send what is due; `force` sends everything waiting at once (the user asked, or the network
   came back). Calls from this page are coalesced: one run at a time, one more if asked
   meanwhile. */
export function kick({ force = false } = {}) {
  if (running) {
    again = true;
    againForced = againForced || force;
    Sender.nudge(); // a pass under way takes it up, beside a long photo
    return running;
  }
  running = (async () => {
    let result;
    let forced = force;
    do {
      again = false;
      result = await Sender.sendOutbox({ force: forced });
      forced = againForced;
      againForced = false;
    } while (again);
    await settle(result);
    return result;
  })().finally(() => {
    running = null;
  });
  return running;
}

export function isSending() {
  return running !== null;
}

async function settle(result) {
  clearTimeout(timer);
  if (result.status === "unauthorized") {
    if (!state.authRequired) await requireSignIn();
  } else if (result.nextAt !== null && result.nextAt !== undefined) {
    timer = setTimeout(() => kick(), Math.max(0, result.nextAt - Date.now()) + 50);
  }
  if (result.status === "offline" || result.status === "retry") registerBackgroundSync();
  if (result.sent > 0) emit("sent", { count: result.sent });
  emit("outbox");
}

/* Where the browser has Background Sync, it sends for us even after the app is closed. */
export async function registerBackgroundSync() {
  try {
    if (!("serviceWorker" in navigator)) return;
    const registration = await navigator.serviceWorker.getRegistration();
    if (registration?.sync) await registration.sync.register(Sender.SYNC_TAG);
  } catch {
    /* no permission or no support: the page's own triggers remain */
  }
}

export async function items() {
  return Store.outboxItems();
}

export async function counts() {
  const all = await Store.outboxItems();
  const count = { total: all.length, pending: 0, waiting: 0, sending: 0, failed: 0, sent: 0 };
  count.onlyFindings = true; // what is pending: findings only, or incidents and rounds too
  for (const item of all) {
    count[item.state] += 1;
    if (item.state === STATES.SENT) continue;
    count.pending += 1;
    if (kindOf(item) !== "finding") count.onlyFindings = false;
  }
  return count;
}

/* Try again now (a failed item, or one waiting for its next attempt). */
export async function retry(id) {
  await Store.updateItem(id, (item) => {
    if (item.state === STATES.SENT) return;
    item.state = STATES.WAITING;
    item.attempts = 0;
    item.next_attempt_at = 0;
    item.error = null;
  });
  emit("outbox");
  return kick({ force: true });
}

/* Throw an item away, on the user's explicit word (it will never reach the server). */
export async function remove(id) {
  await Store.transact(["outbox", "photos"], "readwrite", async (s) => {
    const item = await Store.req(s.outbox.get(id));
    if (!item) return;
    for (const photo of item.photos || []) await Store.req(s.photos.delete(photo.id));
    await Store.req(s.outbox.delete(id));
  });
  emit("outbox");
}

/* Sent items are shown for a week, then forgotten (their photos went when they were sent). */
export async function purgeSent(all = false) {
  const limit = Date.now() - KEEP_SENT_MS;
  await Store.transact("outbox", "readwrite", async (s) => {
    for (const item of await Store.req(s.outbox.getAll())) {
      const old = item.state === STATES.SENT && (all || item.sent_at < limit);
      if (old) await Store.req(s.outbox.delete(item.id));
    }
  });
  emit("outbox");
}

export async function photo(id) {
  return Store.get("photos", id);
}
