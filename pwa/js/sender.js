/* The outbox's scheduler (page and service worker alike): which items go, three at a time, and
   the waits. Rules and item fields: docs/field-app.md#the-outbox. Needs store.js, sending/. */
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
  const NETWORK_MAX_MS = 8000;
  const IN_FLIGHT = 3;
  const STATES = { WAITING: "waiting", SENDING: "sending", FAILED: "failed", SENT: "sent" };
  const channel = "BroadcastChannel" in global ? new global.BroadcastChannel("lykta") : null;

  function notify(message) {
    if (channel) channel.postMessage(message);
  }

  function jitter(delay) {
    return delay / 2 + (Math.random() * delay) / 2;
  }

  function backoff(attempts, retryAfterSeconds) {
    const delay = jitter(Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1)));
    const floor = retryAfterSeconds > 0 ? Math.min(retryAfterSeconds * 1000, MAX_DELAY_MS) : 0;
    return Math.max(delay, floor);
  }

  /* The connection's wait: 1, 2, 4, then 8 s. */
  async function networkWait() {
    const failures = ((await Store.getMeta("network_failures")) || 0) + 1;
    await Store.setMeta("network_failures", failures);
    return jitter(Math.min(NETWORK_MAX_MS, BASE_DELAY_MS * 2 ** (failures - 1)));
  }

  /* A verdict other than ok: a server's grows the item's backoff, a network failure not. */
  async function settle(item, verdict, answer) {
    const slow = Boolean(answer.photo); // timed out: its next time-out is twice as long
    const wait = verdict !== "offline" || slow ? BASE_DELAY_MS : await networkWait();
    await Store.updateItem(item.id, (it) => {
      if (verdict === "retry") {
        it.attempts = (it.attempts || 0) + 1;
        it.next_attempt_at = Date.now() + backoff(it.attempts, answer.retryAfter);
      }
      if (verdict === "offline") it.next_attempt_at = Date.now() + wait;
      for (const p of slow ? it.photos : []) {
        if (p.id === answer.photo) p.timeouts = (p.timeouts || 0) + 1;
      }
      it.state = verdict === "failed" ? STATES.FAILED : STATES.WAITING;
      it.error = Verdicts.reason(verdict, answer);
    });
    if (verdict === "unauthorized") await Store.setMeta("auth_required", true);
    notify({ type: "outbox", id: item.id });
    return slow ? "retry" : verdict;
  }

  /* A 2xx: recorded; the item's backoff and the connection's wait start afresh. */
  async function progress(item, change) {
    await Store.updateItem(item.id, (it) => {
      change(it);
      it.attempts = 0;
    });
    await Store.delMeta("network_failures");
    notify({ type: "outbox", id: item.id });
  }

  /* One item as far as it goes; recorded() once its own PUT is answered. */
  async function sendItem(item, session, recorded) {
    await Store.updateItem(item.id, (it) => {
      it.state = STATES.SENDING;
    });
    notify({ type: "outbox", id: item.id });
    if (!Requests.KINDS.includes(Requests.kindOf(item))) {
      return settle(item, "failed", { local: "unknown_kind" });
    }
    if (!item.finding_sent) {
      const result = await Requests.putRecord(session, item);
      if (result.verdict !== "ok") return settle(item, result.verdict, result.answer);
      await progress(item, (it) => {
        it.finding_sent = true;
      });
    }
    recorded();
    for (const photo of item.photos || []) {
      if (photo.sent) continue;
      const stored = await Store.get("photos", photo.id);
      if (!stored) return settle(item, "failed", { local: "photo_missing" });
      const result = await Requests.putPhoto(session, item, photo, stored);
      if (result.verdict !== "ok") return settle(item, result.verdict, result.answer);
      await progress(item, (it) => {
        for (const p of it.photos) if (p.id === photo.id) p.sent = true;
      });
    }
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

  /* The younger items wait behind the connection's failure (seconds), in order. */
  function waitsForNetwork(item, now) {
    const error = item.error;
    return item.next_attempt_at > now && Boolean(error) && error.kind === "network" && !error.slow;
  }

  function nextInLine(items, userId, tried, force, now) {
    for (const item of items) {
      if (tried.has(item.id) || item.user.id !== userId || !isPending(item)) continue;
      if (force || !(item.next_attempt_at > now)) return { item: item };
      if (waitsForNetwork(item, now)) return { blocked: true };
    }
    return {};
  }

  let wake = () => {};

  /* One pass, IN_FLIGHT items at a time, until a network failure or a 401; nudge(): an item
     was queued meanwhile. */
  async function pass(force) {
    let session = await Store.getMeta("session");
    if (!session) return { outcome: "signed-out", sent: 0 };
    if (await Store.getMeta("auth_required")) return { outcome: "unauthorized", sent: 0 };
    if (force) await Store.delMeta("network_failures");
    const tried = new Set();
    const running = new Set();
    const done = { outcome: "done", sent: 0, stop: false };
    while (!done.stop) {
      const items = await Store.outboxItems();
      const next = nextInLine(items, session.user.id, tried, force, Date.now());
      if (next.blocked && done.outcome !== "unauthorized") done.outcome = "offline";
      if (!next.item && !running.size) break;
      if (!next.item) {
        await Promise.race([...running, new Promise((resolve) => (wake = resolve))]);
        continue;
      }
      tried.add(next.item.id);
      let release;
      const recorded = new Promise((resolve) => {
        release = resolve;
      });
      const job = sendItem(next.item, session, release)
        .then((result) => record(done, result))
        .finally(() => {
          release();
          running.delete(job);
        });
      running.add(job);
      await recorded;
      while (running.size >= IN_FLIGHT) await Promise.race(running);
      session = (await Store.getMeta("session")) || session; // a renewed CSRF token
    }
    await Promise.all(running);
    return { outcome: done.outcome, sent: done.sent };
  }

  function record(done, result) {
    if (result === "sent") done.sent += 1;
    if (result === "unauthorized" || result === "offline") done.stop = true;
    if (done.outcome === "unauthorized") return;
    if (result === "unauthorized" || result === "offline") done.outcome = result;
    else if (result === "retry" && done.outcome === "done") done.outcome = "retry";
  }

  async function nextAttemptAt() {
    const now = Date.now();
    let next = null;
    for (const item of await Store.outboxItems()) {
      if (!isPending(item)) continue;
      const at = item.next_attempt_at || 0;
      next = next === null ? at : Math.min(next, at);
      if (waitsForNetwork(item, now)) break;
    }
    return next;
  }

  /* What is due (all when force): {status, sent, nextAt}; busy: another sender will do it. */
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
    nudge: () => wake(),
    backoff: backoff,
    judge: Verdicts.judge,
    kindOf: Requests.kindOf,
  };
})(self);
