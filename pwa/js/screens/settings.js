// Settings: language (kept on the device and in the account), storage persistence, the app's
// version, and signing out (which warns about unsent findings, then wipes the device).

import { formatBytes, locale, t, tn } from "../i18n.js";
import * as outbox from "../outbox.js";
import { loadConfig, on, requestPersistence, setLocale, signOut, state, user } from "../session.js";
import { announce, confirmDialog, h, withIcon } from "../ui.js";

const Store = self.LyktaStore;

export async function render() {
  const who = user();
  await loadConfig();
  const storageText = h("p", { id: "storage-status" });
  const usageText = h("p", { class: "hint", id: "storage-usage" });
  const persistButton = h(
    "button",
    {
      type: "button",
      class: "button",
      id: "storage-persist",
      hidden: true,
      onclick: async () => {
        const answer = await requestPersistence();
        announce(t(`settings.storage_${answer}`));
      },
    },
    t("settings.storage_ask")
  );

  async function drawStorage() {
    let answer = await Store.getMeta("persisted");
    if (navigator.storage?.persisted) {
      answer = (await navigator.storage.persisted()) ? "granted" : answer || "unknown";
    }
    answer = answer || "unknown";
    storageText.textContent = t(`settings.storage_${answer}`);
    storageText.dataset.persisted = answer;
    persistButton.hidden = answer === "granted" || answer === "unsupported";
    if (navigator.storage?.estimate) {
      const estimate = await navigator.storage.estimate();
      usageText.textContent = t("settings.storage_usage", {
        used: formatBytes(estimate.usage || 0),
        quota: formatBytes(estimate.quota || 0),
      });
    }
  }

  const languages = h(
    "fieldset",
    { class: "choice-group", id: "language-group" },
    h("legend", null, h("h2", { class: "legend-heading" }, t("settings.language"))),
    ["sv", "en"].map((code) =>
      h(
        "div",
        { class: "choice" },
        h("input", {
          type: "radio",
          name: "language",
          id: `language-${code}`,
          value: code,
          checked: locale() === code,
          onchange: async () => {
            await setLocale(code);
            announce(t("settings.language_changed"));
          },
        }),
        h("label", { for: `language-${code}`, lang: code }, t(`language.${code}`))
      )
    )
  );

  const signOutButton = h(
    "button",
    {
      type: "button",
      class: "button button-danger",
      id: "sign-out",
      onclick: async () => {
        const count = await outbox.counts();
        if (count.pending) {
          const any = count.onlyFindings ? "" : "_any"; // incidents or rounds among them
          const sure = await confirmDialog({
            title: t(`settings.signout_warning_title${any}`),
            text: tn(`settings.signout_warning${any}`, count.pending),
            confirm: t("settings.signout_anyway"),
          });
          if (!sure) return;
        }
        await signOut();
        announce(t("settings.signed_out"));
      },
    },
    withIcon("logout", t("settings.signout"))
  );

  const config = state.config || {};
  const node = h(
    "section",
    { class: "screen screen-settings", "aria-labelledby": "settings-title" },
    h("h1", { id: "settings-title", tabindex: "-1" }, t("settings.title")),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "settings-account" },
      h("h2", { id: "settings-account" }, t("settings.account")),
      h("p", null, h("strong", null, who.name)),
      h("p", null, who.email),
      h("p", null, t("settings.organisation", { name: who.organisation.name })),
      h("p", null, t("settings.role", { role: t(`role.${who.role}`) }))
    ),
    h("section", { class: "card stack" }, languages),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "settings-storage" },
      h("h2", { id: "settings-storage" }, t("settings.storage")),
      storageText,
      usageText,
      persistButton
    ),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "settings-about" },
      h("h2", { id: "settings-about" }, t("settings.about")),
      h(
        "p",
        { id: "app-version" },
        t("settings.version", { version: config.version || "–", build: config.build || "–" })
      )
    ),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "settings-signout" },
      h("h2", { id: "settings-signout" }, t("settings.signout_title")),
      h("p", null, t("settings.signout_text")),
      signOutButton
    )
  );
  await drawStorage();
  const off = on("storage", drawStorage);
  return { title: t("settings.title"), node, destroy: off };
}
