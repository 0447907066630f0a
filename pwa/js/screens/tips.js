// The residents' tips (#/tips, Invånartips), coordinators and admins, online only: the
// moderation queue. A tip from the public page reaches nobody else, and is not routed, until a
// coordinator approves it (it then follows the normal path to the owner), merges it with an open
// finding nearby, or rejects it with a reason (told to the resident when they left an email
// address; the address itself is never shown). Tabs show what was approved, rejected and merged.
// - #/tips: the waiting tips, oldest first; #/tips?show=approved|rejected|merged: the history.
// The cards and their actions are in tips-parts.js. Reporters never load it.

import { get } from "../api.js";
import { t, tn } from "../i18n.js";
import { categoryNames } from "../pull.js";
import { loadConfig } from "../session.js";
import { fill, h, withIcon } from "../ui.js";
import { photoViewer } from "./case-parts.js";
import { frame, offlineView } from "./online.js";
import { SHOWN, tipCard } from "./tips-parts.js";

const LIMIT = 200;

/* The list out of an answer: a plain list or a page ({items, …}). */
export const itemsOf = (answer) => (Array.isArray(answer) ? answer : answer?.items || []);

/* The tips in one state, oldest first. */
export const fetchTips = (state) =>
  get(`/api/v1/tips?state=${encodeURIComponent(state)}&limit=${LIMIT}`).then(itemsOf);

/* No network: the online screens' view, saying what the queue needs. */
function offline(id, title, navigate) {
  const view = offlineView(id, title, navigate);
  view.node.querySelector("#reports-offline").textContent = t("tips.offline");
  return view;
}

export async function render({ params, navigate }) {
  const title = t("tips.title");
  if (!navigator.onLine) return offline("tips", title, navigate);
  const show = Object.hasOwn(SHOWN, params.get("show")) ? params.get("show") : "waiting";
  let tips;
  let nameOf;
  try {
    [tips, nameOf] = await Promise.all([fetchTips(SHOWN[show]), categoryNames(), loadConfig()]);
  } catch (error) {
    if (error.status === 0) return offline("tips", title, navigate);
    throw error;
  }
  const summary = h("p", { class: "cases-summary", id: "tips-summary" });
  const flash = h("p", {
    class: "flash",
    id: "tips-flash",
    role: "status",
    "aria-live": "polite",
    tabindex: "-1",
    hidden: true,
  });
  const list = h("ul", { class: "card-list tip-list", id: "tips-list", dataset: { show } });
  const empty = h("p", { class: "empty", id: "tips-empty" }, t(`tips.empty.${show}`));
  const listTitle = h("h2", { id: "tips-list-title", tabindex: "-1" }, t(`tips.tab.${show}`));

  const counted = () => {
    const count = list.children.length;
    summary.textContent = tn(`tips.count.${show}`, count);
    empty.hidden = count > 0;
    list.hidden = count === 0;
  };

  /* A tip was decided: it leaves the queue, the next card (or the list's heading) gets the
     focus, and the live region says what happened. */
  function decided(item, message) {
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    counted();
    fill(flash, message);
    flash.hidden = false;
    (next?.querySelector("h3") || listTitle).focus();
  }

  const viewer = photoViewer();
  const context = { nameOf, waiting: show === "waiting", decided, viewer };
  fill(
    list,
    tips.map((tip) => tipCard(tip, context))
  );
  counted();
  const node = frame(
    "tips",
    title,
    h("p", { class: "hint" }, t("tips.lead")),
    tabs(show),
    flash,
    h(
      "section",
      { class: "stack", "aria-labelledby": "tips-list-title" },
      listTitle,
      summary,
      empty,
      list
    ),
    h(
      "button",
      {
        type: "button",
        class: "button",
        id: "tips-reload",
        onclick: () => navigate(location.hash),
      },
      withIcon("sync", t("tips.reload"))
    ),
    viewer.node
  );
  return { title, node };
}

/* Väntar | Godkända | Avvisade | Sammanslagna: links, the shown one marked as the current page. */
function tabs(show) {
  return h(
    "nav",
    { class: "subnav", "aria-label": t("tips.tabs") },
    Object.keys(SHOWN).map((key) =>
      h(
        "a",
        {
          class: "button",
          href: key === "waiting" ? "#/tips" : `#/tips?show=${key}`,
          id: `tips-tab-${key}`,
          "aria-current": key === show ? "page" : null,
        },
        t(`tips.tab.${key}`)
      )
    )
  );
}
