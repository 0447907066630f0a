// Home: the outbox at a glance with "Synka nu", report outside a walk, register an incident or
// log a round (EST), and my walks.

import { get } from "../api.js";
import { formatDateTime, t, tn } from "../i18n.js";
import * as outbox from "../outbox.js";
import { lastSyncAt, walks } from "../pull.js";
import { on, state, user } from "../session.js";
import { announce, h, icon, withIcon } from "../ui.js";

export async function render({ params, syncNow }) {
  if (params?.has("revisits")) {
    return (await import("./revisits.js")).render(params.get("revisits"));
  }
  if (params?.has("map")) return (await import("./walk-map.js")).render(params.get("map"));
  const summary = h("p", {
    class: "sync-summary",
    id: "home-outbox-summary",
    "aria-live": "polite",
  });
  const lastSync = h("p", { class: "hint", id: "home-last-sync" });
  const syncButton = h(
    "button",
    { type: "button", class: "button", id: "sync-now" },
    withIcon("sync", t("sync.now"))
  );

  async function refresh() {
    const count = await outbox.counts();
    summary.replaceChildren(
      ...[
        count.pending === 0
          ? h("span", null, icon("check"), " ", t("home.outbox_empty"))
          : h(
              "a",
              { href: "#/outbox" },
              icon("outbox"),
              " ",
              tn(
                count.onlyFindings ? "home.outbox_pending" : "home.outbox_pending_any",
                count.pending
              )
            ),
        count.failed
          ? h(
              "span",
              { class: "state-failed-text" },
              " ",
              icon("alert"),
              " ",
              tn("home.outbox_failed", count.failed)
            )
          : null,
      ].filter(Boolean)
    );
    const at = await lastSyncAt();
    lastSync.textContent = at
      ? t("home.last_sync", { time: formatDateTime(at) })
      : t("home.never_synced");
  }

  let busy = false;
  syncButton.addEventListener("click", async () => {
    if (busy) return; // (not disabled: the keyboard focus stays on the button)
    busy = true;
    syncButton.setAttribute("aria-busy", "true");
    announce(t("sync.running"));
    const { sent, pulled } = await syncNow();
    busy = false;
    syncButton.removeAttribute("aria-busy");
    await refresh();
    const count = await outbox.counts();
    const offline = !navigator.onLine || sent.status === "offline" || pulled.status === "offline";
    if (offline) announce(t("sync.offline"));
    else if (count.pending) {
      announce(tn(count.onlyFindings ? "sync.left" : "sync.left_any", count.pending));
    } else announce(t("sync.done"));
  });

  const walksBox = h("div", { id: "walks-box" });

  async function fillWalks() {
    const myWalks = await walks();
    walksBox.replaceChildren(
      myWalks.length
        ? h("ul", { class: "card-list", id: "walk-list" }, myWalks.map(walkCard))
        : h("p", { class: "empty", id: "walk-list-empty" }, t("home.no_walks"))
    );
    // Their maps offline (js/offline-map.js) and the walked route's switch (walk-track.js)
    const decorate = (module) => module.decorate(walksBox, myWalks);
    if (myWalks.length) import("../offline-map.js").then(decorate).catch(() => {});
    if (myWalks.length) import("./walk-track.js").then(decorate).catch(() => {});
  }

  const who = user();
  const flash = state.flash;
  state.flash = null;
  if (flash) announce(flash);
  const node = h(
    "section",
    { class: "screen screen-home", "aria-labelledby": "home-title" },
    h("h1", { id: "home-title", tabindex: "-1" }, t("home.title", { name: who.name })),
    flash
      ? h("p", { class: "flash", role: "status", id: "home-flash" }, icon("check"), " ", flash)
      : null,
    h(
      "section",
      { class: "card sync-card", "aria-labelledby": "home-outbox-title" },
      h("h2", { id: "home-outbox-title" }, t("home.outbox_title")),
      summary,
      lastSync,
      state.authRequired ? h("p", { class: "notice" }, t("auth.expired_banner")) : null,
      syncButton
    ),
    ...staffLinks(who),
    h(
      "a",
      {
        class: "button button-primary button-block button-large",
        href: "#/capture",
        id: "report-outside",
      },
      withIcon("plus", t("home.report_outside"))
    ),
    h(
      "a",
      { class: "button button-block button-large", href: "#/incident", id: "home-incident" },
      withIcon("alert", t("home.register_incident"))
    ),
    h(
      "a",
      { class: "button button-block button-large", href: "#/round", id: "home-round" },
      withIcon("walk", t("home.log_round"))
    ),
    h(
      "section",
      { "aria-labelledby": "home-walks-title" },
      h("h2", { id: "home-walks-title" }, t("home.walks_title")),
      walksBox
    ),
    // A reporter reads the medborgarlöften too, below what the app is for.
    who.role === "reporter" ? promisesLink() : null
  );
  await Promise.all([refresh(), fillWalks()]);
  const off = [on("outbox", refresh), on("data", refresh), on("data", fillWalks)];
  return { title: t("home.screen_title"), node, destroy: () => off.forEach((stop) => stop()) };
}

function walkCard(walk) {
  return h(
    "li",
    { class: "card walk", dataset: { walkId: walk.id } },
    h("h3", { class: "walk-title" }, walk.title),
    h(
      "p",
      { class: "meta" },
      t(`walk.type.${walk.type}`),
      " · ",
      formatDateTime(walk.planned_start),
      " · ",
      t(`walk.status.${walk.status}`)
    ),
    walk.area ? h("p", { class: "meta" }, t("walk.area", { area: walk.area.name })) : null,
    walk.follows
      ? h("p", { class: "meta" }, t("revisits.follows", { title: walk.follows.title }))
      : null,
    Array.isArray(walk.revisits)
      ? h(
          "a",
          {
            class: "button button-block",
            href: `#/?revisits=${walk.id}`,
            id: `walk-${walk.id}-revisits`,
            "aria-label": t("revisits.open_label", { title: walk.title }),
          },
          withIcon("list", t("revisits.open", { count: walk.revisits.length }))
        )
      : null,
    walk.status === "avslutad" || walk.status === "inställd"
      ? null
      : h(
          "a",
          {
            class: "button button-primary",
            href: `#/capture?walk=${walk.id}`,
            "aria-label": t("walk.report_in", { title: walk.title }),
          },
          withIcon("plus", t("walk.report"))
        )
  );
}

/* Owners' tasks; coordinators' cases, walks, reports and triage; everyone's medborgarlöften
   and the EST meeting (each screen loaded only when opened). */
function staffLinks(who) {
  return [
    ["owner", "coordinator", "admin"].includes(who.role)
      ? h(
          "a",
          { class: "button button-block button-large", href: "#/tasks", id: "home-tasks" },
          withIcon("clipboard", who.role === "owner" ? t("home.open_tasks") : t("home.open_cases"))
        )
      : null,
    ["coordinator", "admin"].includes(who.role)
      ? h(
          "div",
          { class: "button-row staff-links" },
          h(
            "a",
            { class: "button button-large", href: "#/walks", id: "home-walks" },
            withIcon("walk", t("home.open_walks"))
          ),
          h(
            "a",
            { class: "button button-large", href: "#/reports", id: "home-reports" },
            withIcon("list", t("home.open_reports"))
          ),
          h(
            "a",
            { class: "button button-large", href: "#/triage", id: "home-triage" },
            withIcon("eye", t("followup.title"))
          )
        )
      : null,
    ["coordinator", "admin"].includes(who.role) ? residentLinks() : null,
    // The medborgarlöften and the EST meeting (a reporter's link to the promises is below).
    ["owner", "coordinator", "admin"].includes(who.role)
      ? h(
          "div",
          { class: "button-row staff-links" },
          promisesLink(),
          h(
            "a",
            { class: "button button-large", href: "#/est", id: "home-est" },
            withIcon("map", t("home.open_est"))
          )
        )
      : null,
  ];
}

/* The residents' tips waiting for moderation (their count, once known) and the survey. */
function residentLinks() {
  const count = h("span", { class: "status-badge", id: "home-tips-count", hidden: true });
  get("/api/v1/tips?limit=200")
    .then((answer) => {
      const waiting = (answer.items || answer).length;
      count.hidden = !waiting;
      count.textContent = tn("home.tips_waiting", waiting);
    })
    .catch(() => {});
  return h(
    "div",
    { class: "button-row staff-links" },
    h(
      "a",
      { class: "button button-large", href: "#/tips", id: "home-tips" },
      withIcon("pin", t("home.open_tips")),
      count
    ),
    h(
      "a",
      { class: "button button-large", href: "#/survey", id: "home-survey" },
      withIcon("heart", t("home.open_survey"))
    )
  );
}

const promisesLink = () =>
  h(
    "a",
    { class: "button button-large", href: "#/promises", id: "home-promises" },
    withIcon("clipboard", t("home.open_promises"))
  );
