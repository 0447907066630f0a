/* The outbox engine: sends queued findings and their photos, shared by the page and the
   service worker (Background Sync). Like store.js it has no import/export, so that both the
   page (as a module) and the service worker (importScripts) can load it; it defines
   self.LyktaSender and needs self.LyktaStore.

   Rules (the lessons of ODK, Enketo, Workbox and Ushahidi):
   - Oldest item first. Per item: PUT the finding, then each photo in a request of its own;
     each 2xx is recorded at once, so a reload or a lost connection resumes with what is missing.
   - An item leaves the outbox only after 2xx for the finding AND every photo.
   - Network errors, timeouts, 408, 429 and 5xx: the item waits and is retried with exponential
     backoff and jitter. A network error ends the pass (the next items would fail alike), and
     the younger items wait for the oldest one's next attempt, so they arrive in order.
   - Other 4xx: the item is kept in state "failed" with the server's reason (in the user's
     language), and the pass continues with the next items: nothing waits behind it.
   - 401: stop, keep everything, and ask the user to sign in again.
   - One sender at a time across the page and the service worker (Web Locks, or a lease in
     IndexedDB where the browser has no locks). The server makes a replay harmless anyway.

   Item: {id, user: {id, email}, created_at, body: {...the PUT body}, photos: [{id, type, size,
   sent}], finding_sent, state: waiting|sending|failed|sent, attempts, next_attempt_at, error,
   sent_at}
*/
(function (global) {
  "use strict";

  const Store = global.LyktaStore;
  const LOCK_NAME = "lykta-outbox";
  const SYNC_TAG = "lykta-outbox";
  const BASE_DELAY_MS = 1000;
  const MAX_DELAY_MS = 15 * 60 * 1000;
  const LEASE_MS = 2 * 60 * 1000;
  const FINDING_TIMEOUT_MS = 30 * 1000;
  const PHOTO_TIMEOUT_MS = 120 * 1000;
  const STATES = { WAITING: "waiting", SENDING: "sending", FAILED: "failed", SENT: "sent" };
  const channel = "BroadcastChannel" in global ? new global.BroadcastChannel("lykta") : null;

  function notify(message) {
    if (channel) channel.postMessage(message);
  }

  /* Exponential backoff with jitter: half the delay fixed, half random. */
  function backoff(attempts, retryAfterSeconds) {
    const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * Math.pow(2, Math.max(0, attempts - 1)));
    const delay = exponential / 2 + (Math.random() * exponential) / 2;
    const floor = retryAfterSeconds > 0 ? Math.min(retryAfterSeconds * 1000, MAX_DELAY_MS) : 0;
    return Math.max(delay, floor);
  }

  /* Web Locks: a second sender waits for the first to finish its pass, then makes its own
     (which finds the items already sent): never two at once, and no request is lost. */
  async function withLock(work) {
    const locks = global.navigator && global.navigator.locks;
    if (locks) return locks.request(LOCK_NAME, work);
    return withLease(work);
  }

  /* Without Web Locks: a lease in IndexedDB, taken in one transaction, renewed while sending;
     whoever finds it taken leaves a request that the holder honours before it lets go. */
  async function withLease(work) {
    const owner = Math.random().toString(36).slice(2);
    const taken = await Store.transact("meta", "readwrite", async function (s) {
      const lease = await Store.req(s.meta.get("send_lease"));
      if (lease && lease.value.until > Date.now()) return false;
      await Store.req(s.meta.put({ key: "send_lease", value: { owner: owner, until: Date.now() + LEASE_MS } }));
      return true;
    });
    if (!taken) return { status: "busy" };
    const renew = setInterval(function () {
      Store.setMeta("send_lease", { owner: owner, until: Date.now() + LEASE_MS });
    }, LEASE_MS / 3);
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await Store.delMeta("send_lease");
    }
  }

  /* One HTTP request; never throws: {status, data, retryAfter} or {network: true}. */
  async function request(session, method, url, body, contentType, timeoutMs) {
    const controller = new AbortController();
    const timer = setTimeout(function () {
      controller.abort();
    }, timeoutMs);
    try {
      const response = await fetch(url, {
        method: method,
        body: body,
        headers: {
          "Content-Type": contentType,
          Accept: "application/json",
          "X-CSRF-Token": session.csrf_token || "",
        },
        credentials: "same-origin",
        cache: "no-store",
        signal: controller.signal,
      });
      let data = null;
      try {
        data = await response.json();
      } catch (ignored) {
        data = null;
      }
      return {
        status: response.status,
        data: data,
        retryAfter: Number(response.headers.get("Retry-After")) || 0,
      };
    } catch (error) {
      return { network: true };
    } finally {
      clearTimeout(timer);
    }
  }

  /* What to do with an answer: ok | retry | offline | failed | unauthorized | csrf */
  function judge(answer) {
    if (answer.network) return "offline";
    const status = answer.status;
    if (status >= 200 && status < 300) return "ok";
    if (status === 401) return "unauthorized";
    if (status === 403 && answer.data && answer.data.code === "csrf_failed") return "csrf";
    if (status === 408 || status === 429 || status >= 500) return "retry";
    return "failed";
  }

  /* The CSRF token is renewed by asking who we are; false when the session is gone. */
  async function refreshCsrf(session) {
    try {
      const response = await fetch("/api/v1/auth/me", { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return false;
      const data = await response.json();
      session.csrf_token = data.csrf_token;
      session.user = data.user;
      await Store.setMeta("session", session);
      return true;
    } catch (error) {
      return false;
    }
  }

  async function send(session, method, url, body, contentType, timeoutMs) {
    let answer = await request(session, method, url, body, contentType, timeoutMs);
    let verdict = judge(answer);
    if (verdict === "csrf") {
      if (await refreshCsrf(session)) {
        answer = await request(session, method, url, body, contentType, timeoutMs);
        verdict = judge(answer);
      }
      if (verdict === "csrf") verdict = "failed";
    }
    return { verdict: verdict, answer: answer };
  }

  async function settle(item, verdict, answer) {
    await Store.updateItem(item.id, function (it) {
      if (verdict === "failed") {
        it.state = STATES.FAILED;
        it.error = {
          kind: "rejected",
          status: answer.status || 0,
          code: (answer.data && answer.data.code) || "",
          message: (answer.data && answer.data.message) || "",
          errors: (answer.data && answer.data.errors) || null,
          local: answer.local || "",
        };
      } else if (verdict === "unauthorized") {
        it.state = STATES.WAITING;
        it.error = { kind: "auth", status: 401, message: (answer.data && answer.data.message) || "" };
      } else {
        it.attempts = (it.attempts || 0) + 1;
        it.state = STATES.WAITING;
        it.next_attempt_at = Date.now() + backoff(it.attempts, answer.retryAfter);
        it.error =
          verdict === "offline"
            ? { kind: "network" }
            : { kind: "server", status: answer.status, message: (answer.data && answer.data.message) || "" };
      }
    });
    if (verdict === "unauthorized") await Store.setMeta("auth_required", true);
    notify({ type: "outbox", id: item.id });
    return verdict;
  }

  /* Send one item as far as it goes. Returns sent | failed | retry | offline | unauthorized. */
  async function sendItem(item, session) {
    await Store.updateItem(item.id, function (it) {
      it.state = STATES.SENDING;
    });
    notify({ type: "outbox", id: item.id });
    if (!item.finding_sent) {
      const result = await send(
        session,
        "PUT",
        "/api/v1/findings/" + item.id,
        JSON.stringify(item.body),
        "application/json",
        FINDING_TIMEOUT_MS
      );
      if (result.verdict !== "ok") return settle(item, result.verdict, result.answer);
      await Store.updateItem(item.id, function (it) {
        it.finding_sent = true;
        it.attempts = 0; // progress: the next failure starts the backoff afresh
      });
      notify({ type: "outbox", id: item.id });
    }
    for (const photo of item.photos) {
      if (photo.sent) continue;
      const stored = await Store.get("photos", photo.id);
      if (!stored) return settle(item, "failed", { local: "photo_missing" });
      const result = await send(
        session,
        "PUT",
        "/api/v1/findings/" + item.id + "/photos/" + photo.id,
        stored.data,
        stored.type,
        PHOTO_TIMEOUT_MS
      );
      if (result.verdict !== "ok") return settle(item, result.verdict, result.answer);
      await Store.updateItem(item.id, function (it) {
        it.photos.forEach(function (p) {
          if (p.id === photo.id) p.sent = true;
        });
        it.attempts = 0;
      });
      notify({ type: "outbox", id: item.id });
    }
    // Everything arrived: the bytes may go, a light record stays to show "skickad".
    await Store.transact(["outbox", "photos"], "readwrite", async function (s) {
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
    const force = Boolean(options && options.force);
    const result = await withLock(async function () {
      let total = 0;
      let outcome = "done";
      let extra = false;
      for (let round = 0; round < 3; round += 1) {
        const started = Date.now();
        const done = await pass(force || extra);
        total += done.sent;
        outcome = done.outcome;
        const asked = await Store.getMeta("run_requested");
        if (!asked || asked.at < started || outcome === "unauthorized" || outcome === "signed-out") break;
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
    judge: judge,
  };
})(self);
