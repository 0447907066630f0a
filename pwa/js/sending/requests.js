/* The HTTP side of sending one queued item: its PUT (a finding, an incident or a round, each to
   its own URL), then for a finding one PUT per photo, each with its timeout. A request never throws: its answer is {status, data, retryAfter} or
   {network: true}, and verdicts.js says what it means. A CSRF refusal renews the token (it
   expires with the session's rotation) and tries once more.

   A classic script like store.js (the service worker loads it with importScripts): it needs
   self.LyktaStore and self.LyktaSending.verdicts, and adds self.LyktaSending.requests. */
((global) => {
  "use strict";

  const Store = global.LyktaStore;
  const Verdicts = global.LyktaSending.verdicts;
  const FINDING_TIMEOUT_MS = 30 * 1000;
  const PHOTO_TIMEOUT_MS = 120 * 1000;

  /* One HTTP request; never throws: {status, data, retryAfter} or {network: true}. */
  async function request(session, method, url, body, contentType, timeoutMs) {
    const controller = new AbortController();
    const timer = setTimeout(() => {
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
      } catch {
        data = null;
      }
      return {
        status: response.status,
        data: data,
        retryAfter: Number(response.headers.get("Retry-After")) || 0,
      };
    } catch {
      return { network: true };
    } finally {
      clearTimeout(timer);
    }
  }

  /* The CSRF token is renewed by asking who we are; false when the session is gone. */
  async function refreshCsrf(session) {
    try {
      const response = await fetch("/api/v1/auth/me", {
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) return false;
      const data = await response.json();
      session.csrf_token = data.csrf_token;
      session.user = data.user;
      await Store.setMeta("session", session);
      return true;
    } catch {
      return false;
    }
  }

  /* {verdict, answer}; a CSRF refusal that renewing the token does not cure is "failed". */
  async function send(session, method, url, body, contentType, timeoutMs) {
    let answer = await request(session, method, url, body, contentType, timeoutMs);
    let verdict = Verdicts.judge(answer);
    if (verdict === "csrf") {
      if (await refreshCsrf(session)) {
        answer = await request(session, method, url, body, contentType, timeoutMs);
        verdict = Verdicts.judge(answer);
      }
      if (verdict === "csrf") verdict = "failed";
    }
    return { verdict: verdict, answer: answer };
  }

  /* Where each kind of item is PUT, under the id the phone chose. An item queued before the
     outbox had kinds is a finding. */
  const URLS = {
    finding: "/api/v1/findings/",
    incident: "/api/v1/incidents/",
    round: "/api/v1/est/rounds/",
  };

  function kindOf(item) {
    return item.kind || "finding";
  }

  /* The item itself (a finding, an incident, a round), with the body its screen queued. */
  function putRecord(session, item) {
    const url = `${URLS[kindOf(item)]}${item.id}`;
    const body = JSON.stringify(item.body);
    return send(session, "PUT", url, body, "application/json", FINDING_TIMEOUT_MS);
  }

  /* One photo's bytes, as stored with the item: {data: ArrayBuffer, type}. */
  function putPhoto(session, item, photo, stored) {
    const url = `/api/v1/findings/${item.id}/photos/${photo.id}`;
    return send(session, "PUT", url, stored.data, stored.type, PHOTO_TIMEOUT_MS);
  }

  global.LyktaSending.requests = {
    KINDS: Object.keys(URLS),
    kindOf: kindOf,
    putRecord: putRecord,
    putPhoto: putPhoto,
  };
})(self);
