/* One item's HTTP requests; never throwing. A CSRF refusal renews the token once. */
((global) => {
  "use strict";

  const Store = global.LyktaStore;
  const Verdicts = global.LyktaSending.verdicts;
  const FINDING_TIMEOUT_MS = 30 * 1000;
  const MARGIN = 3;
  const UNKNOWN_RATE = 32; // 256 kbit/s

  /* {status, data, retryAfter} or {network: true, timeout} */
  async function request(session, method, url, body, contentType, timeoutMs) {
    const controller = new AbortController();
    let timeout = false;
    const timer = setTimeout(() => {
      timeout = true;
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
      return { network: true, timeout: timeout };
    } finally {
      clearTimeout(timer);
    }
  }

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

  /* An item queued before the kinds is a finding. */
  const URLS = {
    finding: "/api/v1/findings/",
    incident: "/api/v1/incidents/",
    round: "/api/v1/est/rounds/",
  };

  function kindOf(item) {
    return item.kind || "finding";
  }

  function putRecord(session, item) {
    const url = `${URLS[kindOf(item)]}${item.id}`;
    const body = JSON.stringify(item.body);
    return send(session, "PUT", url, body, "application/json", FINDING_TIMEOUT_MS);
  }

  /* Its time-out: bytes ÷ the measured rate (bytes/ms) × 3, at least 30 s, × 2 per time-out. */
  async function putPhoto(session, item, photo, stored) {
    const url = `/api/v1/findings/${item.id}/photos/${photo.id}`;
    const bytes = stored.data.byteLength;
    const rate = (await Store.getMeta("uplink_rate")) || UNKNOWN_RATE;
    const timeoutMs =
      Math.max(FINDING_TIMEOUT_MS, (bytes / rate) * MARGIN) * 2 ** (photo.timeouts || 0);
    const started = Date.now();
    const result = await send(session, "PUT", url, stored.data, stored.type, timeoutMs);
    if (result.verdict === "ok" && bytes > 65536) {
      await Store.setMeta("uplink_rate", bytes / Math.max(1, Date.now() - started));
    }
    if (result.answer.timeout) result.answer.photo = photo.id;
    return result;
  }

  global.LyktaSending.requests = {
    KINDS: Object.keys(URLS),
    kindOf: kindOf,
    putRecord: putRecord,
    putPhoto: putPhoto,
  };
})(self);
