/* The outbox engine: sends queued findings (with their photos), incidents and rounds, shared
   by the page and the service worker (Background Sync). Like store.js it has no module
   syntax, so that both the page (as a module) and the service worker (importScripts) can
   load it; it defines
   self.LyktaSender and needs self.LyktaStore and the parts in sending/, loaded before it:
     sending/verdicts.js  what an answer means: sent, tried again, given up, and why
     sending/requests.js  the HTTP requests of one item (its PUTs, timeouts, CSRF renewal)
     sending/lock.js      one sender at a time (Web Locks, or a lease in IndexedDB)
   This file is the scheduler: which item is next, the backoff, and the item's progress.

   Rules (the lessons of ODK, Enketo, Workbox and Ushahidi):
   - Oldest item first, whatever its kind. Per item: PUT the finding (incident, round: each to
     its own URL), then each photo in a request of its own; each 2xx is recorded at once, so a
     reload or a lost connection resumes with what is missing.
   - An item leaves the outbox only after 2xx for the item AND every photo (incidents and
     rounds have none).
   - Network errors, timeouts, 408, 429 and 5xx: the item waits and is retried with exponential
     backoff and jitter. A network error ends the pass (the next items would fail alike), and
     the younger items wait for the oldest one's next attempt, so they arrive in order.
   - Other 4xx: the item is kept in state "failed" with the server's reason (in the user's
     language), and the pass continues with the next items: nothing waits behind it.
   - 401: stop, keep everything, and ask the user to sign in again.
   - One sender at a time across the page and the service worker (Web Locks, or a lease in
     IndexedDB where the browser has no locks). The server makes a replay harmless anyway.

   Item: {id, kind: finding|incident|round (none: a finding queued before the kinds), user: {id,
   email}, created_at, body: {...the PUT body}, photos: [{id, type, size, sent}], finding_sent
   (the item's own PUT answered 2xx, whatever its kind), state: waiting|sending|failed|sent,
   attempts, next_attempt_at, error, sent_at}
*/
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the module's own scope, as a classic script the service worker loads with importScripts
((global) => {
  "use strict";

  const Store = global.LyktaStore;
  const Verdicts = global.LyktaSending.verdicts;
  const Requests = global.LyktaSending.requests;
  const Lock = global.LyktaSending.lock;
  const SYNC_TAG = "lykta-outbox";
  const BASE_DELAY_MS = 1000;
  const MAX_DELAY_MS = 15 * 60 * 1000;
  const STATES = { WAITING: "waiting", SENDING: "sending", FAILED: "failed", SENT: "sent" };
  const channel = "BroadcastChannel" in global ? new global.BroadcastChannel("lykta") : null;

  function notify(message) {
    if (channel) channel.postMessage(message);
  }

  /* Exponential backoff with jitter: half the delay fixed, half random. */
  function backoff(attempts, retryAfterSeconds) {
    const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
    const delay = exponential / 2 + (Math.random() * exponential) / 2;
    const floor = retryAfterSeconds > 0 ? Math.min(retryAfterSeconds * 1000, MAX_DELAY_MS) : 0;
    return Math.max(delay, floor);
  }

  /* Record a verdict other than ok on the item: given up (failed), held until the user signs in
     again (unauthorized), or waiting out its backoff (retry, offline). */
  async function settle(item, verdict, answer) {
    await Store.updateItem(item.id, (it) => {
      if (Verdicts.retried(verdict)) {
        it.attempts = (it.attempts || 0) + 1;
        it.next_attempt_at = Date.now() + backoff(it.attempts, answer.retryAfter);
      }
      it.state = verdict === "failed" ? STATES.FAILED : STATES.WAITING;
      it.error = Verdicts.reason(verdict, answer);
    });
    if (verdict === "unauthorized") await Store.setMeta("auth_required", true);
    notify({ type: "outbox", id: item.id });
    return verdict;
  }

  /* Send one item as far as it goes. Returns sent | failed | retry | offline | unauthorized. */
  async function sendItem(item, session) {
    await Store.updateItem(item.id, (it) => {
      it.state = STATES.SENDING;
    });
    notify({ type: "outbox", id: item.id });
    if (!Requests.KINDS.includes(Requests.kindOf(item))) {
      return settle(item, "failed", { local: "unknown_kind" }); // queued by a newer app
    }
    if (!item.finding_sent) {
      const result = await Requests.putRecord(session, item);
      if (result.verdict !== "ok") return settle(item, result.verdict, result.answer);
      await Store.updateItem(item.id, (it) => {
        it.finding_sent = true;
        it.attempts = 0; // progress: the next failure starts the backoff afresh
      });
      notify({ type: "outbox", id: item.id });
    }
    for (const photo of item.photos || []) {
      if (photo.sent) continue;
      const stored = await Store.get("photos", photo.id);
      if (!stored) return settle(item, "failed", { local: "photo_missing" });
      const result = await Requests.putPhoto(session, item, photo, stored);
      if (result.verdict !== "ok") return settle(item, result.verdict, result.answer);
      await Store.updateItem(item.id, (it) => {
        it.photos.forEach((p) => {
          if (p.id === photo.id) p.sent = true;
        });
        it.attempts = 0;
      });
      notify({ type: "outbox", id: item.id });
    }
    // Everything arrived: the bytes may go, a light record stays to show "skickad".
    await Store.transact(["outbox", "photos"], "readwrite", async (s) => {
      const it = await Store.req(s.outbox.get(item.id));
      if (!it) return;
      it.state = STATES.SENT;
      it.sent_at = Date.now();
      it.error = null;
      it.next_attempt_at = 0;
      await Store.req(s.outbox.put(it));
      for (const photo of it.photos) await Store.req(s.photos.delete(photo.id));
    });
    notify({ type: "outbox", id: item.id, sent: true });
    return "sent";
  }

  function isPending(item) {
    return item.state === STATES.WAITING || item.state === STATES.SENDING;
  }

  /* A network error is the connection's fault, not the item's: while the oldest such item
     waits out its backoff, the younger ones wait behind it, so that they still arrive in
     the order they were made when the network is back. */
  function waitsForNetwork(item, now) {
    return item.next_attempt_at > now && Boolean(item.error) && item.error.kind === "network";
  }

  /* The next item to send: {item}, {blocked: true} behind a network backoff, or {} when
     nothing is due. */
  function nextInLine(items, userId, tried, force, now) {
    for (const item of items) {
      if (tried.has(item.id) || item.user.id !== userId || !isPending(item)) continue;
      if (force || !(item.next_attempt_at > now)) return { item: item };
      if (waitsForNetwork(item, now)) return { blocked: true };
    }
    return {};
  }

  /* One pass over the outbox; returns done | retry | offline | unauthorized | signed-out. */
  async function pass(force) {
    let session = await Store.getMeta("session");
    if (!session) return { outcome: "signed-out", sent: 0 };
    if (await Store.getMeta("auth_required")) return { outcome: "unauthorized", sent: 0 };
    const tried = new Set();
    let outcome = "done";
    let sent = 0;
    for (;;) {
      const next = nextInLine(await Store.outboxItems(), session.user.id, tried, force, Date.now());
      if (next.blocked) outcome = "offline";
      if (!next.item) break;
      const item = next.item;
      tried.add(item.id);
      const result = await sendItem(item, session);
      session = (await Store.getMeta("session")) || session; // the CSRF token may have been renewed
      if (result === "sent") sent += 1;
      if (result === "unauthorized") return { outcome: "unauthorized", sent: sent };
      if (result === "offline") {
        outcome = "offline";
        break;
      }
      if (result === "retry") outcome = "retry";
    }
    return { outcome: outcome, sent: sent };
  }

  /* The earliest moment a waiting item is due again, or null. */
  async function nextAttemptAt() {
    const now = Date.now();
    let next = null;
    for (const item of await Store.outboxItems()) {
      if (!isPending(item)) continue;
      const at = item.next_attempt_at || 0;
      next = next === null ? at : Math.min(next, at);
      if (waitsForNetwork(item, now)) break; // the items behind it are not due before it
    }
    return next;
  }

  /* Send what is due (everything waiting when force). Returns {status, sent, nextAt}: status is
     done, retry, offline, unauthorized, signed-out, or busy (only without Web Locks) when
     another tab or the service worker is sending and will make a pass for us. */
  async function sendOutbox(options) {
    const force = Boolean(options?.force);
    const result = await Lock.withLock(async () => {
      let total = 0;
      let outcome = "done";
      let extra = false;
      for (let round = 0; round < 3; round += 1) {
        const started = Date.now();
        const done = await pass(force || extra);
        total += done.sent;
        outcome = done.outcome;
        const asked = await Store.getMeta("run_requested");
        const stopped = outcome === "unauthorized" || outcome === "signed-out";
        if (!asked || asked.at < started || stopped) break;
        await Store.delMeta("run_requested");
        extra = asked.force;
      }
      return { status: outcome, sent: total };
    });
    if (result.status === "busy") {
      await Store.setMeta("run_requested", { at: Date.now(), force: force });
      return { status: "busy", sent: 0, nextAt: null };
    }
    result.nextAt = await nextAttemptAt();
    notify({ type: "outbox", done: result.status });
    return result;
  }

  global.LyktaSender = {
    STATES: STATES,
    SYNC_TAG: SYNC_TAG,
    sendOutbox: sendOutbox,
    backoff: backoff,
    judge: Verdicts.judge,
    kindOf: Requests.kindOf,
  };
})(self);
