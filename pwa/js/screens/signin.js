// Sign in. Needs the network once; afterwards the device stays signed in for weeks.

import { locale, t, tn } from "../i18n.js";
import * as outbox from "../outbox.js";
import { emit, setLocale, signIn, state } from "../session.js";
import { h, withIcon } from "../ui.js";

/* Residents need no account: the public tip and survey pages (pwa/public/). */
function residents() {
  return h(
    "nav",
    { class: "signin-residents stack", "aria-labelledby": "signin-residents" },
    h("h2", { id: "signin-residents" }, t("signin.residents")),
    h(
      "div",
      { class: "button-row" },
      h("a", { class: "button", href: "/tipsa", id: "signin-tips" }, t("signin.residents_tips")),
      h(
        "a",
        { class: "button", href: "/trygghet", id: "signin-survey" },
        t("signin.residents_survey")
      )
    )
  );
}

export async function render({ navigate }) {
  const expired = state.authRequired && state.session;
  const waiting = expired ? await outbox.counts() : { pending: 0 };
  const pending = waiting.pending;
  // Incidents or rounds among them: the text names no kind.
  const kept = waiting.onlyFindings === false ? "signin.kept_any" : "signin.kept";
  const error = h("p", { class: "form-error", id: "signin-error", role: "alert" });
  const email = h("input", {
    id: "signin-email",
    type: "email",
    name: "email",
    autocomplete: "username",
    inputmode: "email",
    required: true,
    value: expired ? state.session.user.email : "",
  });
  const password = h("input", {
    id: "signin-password",
    type: "password",
    name: "password",
    autocomplete: "current-password",
    required: true,
  });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary button-block", id: "signin-submit" },
    t("signin.submit")
  );
  const other = locale() === "sv" ? "en" : "sv";

  const form = h(
    "form",
    {
      class: "card stack",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        error.textContent = "";
        if (!email.value.trim() || !password.value) {
          error.textContent = t("signin.missing");
          (email.value.trim() ? password : email).focus();
          return;
        }
        if (!navigator.onLine) {
          error.textContent = t("signin.offline");
          return;
        }
        submit.disabled = true;
        submit.textContent = t("signin.busy");
        try {
          await signIn(email.value.trim(), password.value);
          emit("signed-in");
          const next = state.returnTo || "#/"; // an email link opened before signing in
          state.returnTo = null;
          navigate(next);
        } catch (failure) {
          error.textContent =
            failure.status === 0 ? t("signin.offline") : failure.message || t("signin.failed");
          submit.disabled = false;
          submit.textContent = t("signin.submit");
          password.focus();
        }
      },
    },
    h("div", { class: "field" }, h("label", { for: "signin-email" }, t("signin.email")), email),
    h(
      "div",
      { class: "field" },
      h("label", { for: "signin-password" }, t("signin.password")),
      password
    ),
    error,
    submit
  );

  const node = h(
    "section",
    { class: "screen screen-signin", "aria-labelledby": "signin-title" },
    h(
      "div",
      { class: "signin-top" },
      h(
        "button",
        {
          type: "button",
          class: "button button-quiet",
          id: "signin-language",
          lang: other,
          onclick: () => setLocale(other),
        },
        withIcon("globe", t(`signin.switch_${other}`))
      )
    ),
    h("h1", { id: "signin-title", tabindex: "-1" }, t("signin.title")),
    h("p", { class: "lead" }, t("signin.lead")),
    expired
      ? h(
          "p",
          { class: "notice", role: "status" },
          t("signin.expired"),
          " ",
          pending ? tn(kept, pending) : ""
        )
      : null,
    form,
    h("p", { class: "hint" }, t("signin.hint")),
    residents()
  );
  return { title: t("signin.title"), node };
}
