/* What an answer means for a queued item, and the reason kept on it. Pure functions. */
((global) => {
  "use strict";

  /* → ok | retry (408, 429, 5xx) | offline | failed (other 4xx) | unauthorized | csrf */
  function judge(answer) {
    if (answer.network) return "offline";
    const status = answer.status;
    if (status >= 200 && status < 300) return "ok";
    if (status === 401) return "unauthorized";
    if (status === 403 && answer.data && answer.data.code === "csrf_failed") return "csrf";
    if (status === 408 || status === 429 || status >= 500) return "retry";
    return "failed";
  }

  function serverMessage(answer) {
    return answer.data?.message || "";
  }

  /* The item's `error`: rejected (the server's reason, or `local`), auth, network, server. */
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
    if (verdict === "offline") return { kind: "network", slow: Boolean(answer.photo) };
    return { kind: "server", status: answer.status, message: serverMessage(answer) };
  }

  global.LyktaSending = global.LyktaSending || {};
  global.LyktaSending.verdicts = { judge: judge, reason: reason };
})(self);
