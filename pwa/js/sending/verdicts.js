/* What an answer from the server means for a queued item (finding, incident, round): sent, tried again later, given up,
   or waiting for the user to sign in again, and the reason kept on the item for the outbox
   screen. Pure functions: no network, no IndexedDB, no clock.

   A classic script like store.js (the service worker loads it with importScripts): it adds
   self.LyktaSending.verdicts. */
((global) => {
  "use strict";

  /* An answer of requests.js → ok | retry | offline | failed | unauthorized | csrf.
     408, 429 and 5xx are the server's trouble (tried again); other 4xx reject the finding. */
  function judge(answer) {
    if (answer.network) return "offline";
    const status = answer.status;
    if (status >= 200 && status < 300) return "ok";
    if (status === 401) return "unauthorized";
    if (status === 403 && answer.data && answer.data.code === "csrf_failed") return "csrf";
    if (status === 408 || status === 429 || status >= 500) return "retry";
    return "failed";
  }

  /* Whether the item waits out a backoff and is tried again (retry, offline), rather than given
     up (failed) or held until the user signs in again (unauthorized). */
  function retried(verdict) {
    return verdict !== "failed" && verdict !== "unauthorized";
  }

  function serverMessage(answer) {
    return answer.data?.message || "";
  }

  /* The item's `error` after a verdict other than ok: its kind tells the outbox screen what to
     say (rejected: the server's reason, in the user's language; auth; network; server). An
     answer with `local` is the device's own reason (photo_missing, unknown_kind), not the
     server's. */
  function reason(verdict, answer) {
    if (verdict === "failed") {
      return {
        kind: "rejected",
        status: answer.status || 0,
        code: answer.data?.code || "",
        message: serverMessage(answer),
        errors: answer.data?.errors || null,
        local: answer.local || "",
      };
    }
    if (verdict === "unauthorized") {
      return { kind: "auth", status: 401, message: serverMessage(answer) };
    }
    if (verdict === "offline") return { kind: "network" };
    return { kind: "server", status: answer.status, message: serverMessage(answer) };
  }

  global.LyktaSending = global.LyktaSending || {};
  global.LyktaSending.verdicts = { judge: judge, retried: retried, reason: reason };
})(self);
