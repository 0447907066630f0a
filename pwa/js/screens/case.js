// One finding, #/findings?id=<uuid> (the owners' email links; a reporter's own finding too):
// photos, facts, place, history, the owner's moves the server allows now (case-actions.js) and,
// for owners and coordinators, the follow-up panel (followup.js). Loaded only when opened:
// reporters' own screens never import it. The finding comes from the API; the last answer is
// kept on the device to read offline.

import { ApiError, get } from "../api.js";
import { formatDateTime, t } from "../i18n.js";
import { categoryNames } from "../pull.js";
import { on, user } from "../session.js";
import { fill, h, icon, withIcon } from "../ui.js";
import { caseActions } from "./case-actions.js";
import {
  caseMap,
  eventItem,
  factItems,
  overdueSince,
  photoItems,
  photoViewer,
  placeItems,
} from "./case-parts.js";
import { fetchKept, isOverdue, statusBadge } from "./cases.js";

// What was filled in on each finding's forms and not yet sent, while the app is open.
const drafts = new Map();
on("signed-out", () => drafts.clear()); // the next person on this device starts afresh

export async function render({ params, navigate }) {
  const id = (params.get("id") || "").toLowerCase();
  const mine = !["owner", "coordinator", "admin"].includes(user().role); // a reporter's own
  const back = h(
    "a",
    { class: "back-link", href: mine ? "#/findings" : "#/tasks", id: "case-back" },
    t(mine ? "cases.back_mine" : "cases.back")
  );
  const tab = mine ? "findings" : "tasks";
  const load = () =>
    fetchKept(`case:${id}`, async () => {
      const [found, events] = await Promise.all([
        get(`/api/v1/findings/${id}`),
        get(`/api/v1/findings/${id}/events`),
      ]);
      return { finding: found, events };
    });

  let data;
  try {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new ApiError(404, null);
    data = await load();
  } catch (error) {
    return problemView(error, { back, tab, navigate });
  }
  return caseView({ id, mine, data, load, back, tab, navigate });
}

/* Not found, not theirs, or offline with no copy kept: say which (with a retry when it may
   help). */
function problemView(error, { back, tab, navigate }) {
  const gone = error.status === 404 || error.status === 403;
  const offline = error.status === 0;
  const heading = t(offline && !gone ? "cases.offline_title" : "cases.not_found_title");
  let text = t("cases.not_found");
  if (!gone) text = offline ? t("cases.offline_text") : error.message;
  const retry = () => navigate(location.hash);
  return {
    title: heading,
    tab,
    node: h(
      "section",
      { class: "screen screen-case", "aria-labelledby": "case-title" },
      back,
      h("h1", { id: "case-title", tabindex: "-1" }, heading),
      h("p", { class: "notice", id: "case-problem" }, text),
      !gone &&
        h(
          "button",
          { type: "button", class: "button", id: "case-retry", onclick: retry },
          withIcon("sync", t("cases.retry"))
        )
    ),
  };
}

async function caseView({ id, mine, data, load, back, tab, navigate }) {
  const nameOf = await categoryNames();
  if (!drafts.has(id)) drafts.set(id, {});
  const draft = drafts.get(id);
  draft.photos = draft.photos || [];
  let f = data.finding;
  let events = [];
  let destroyed = false;

  const el = caseElements();
  const map = caseMap();
  const viewer = photoViewer();
  const redraw = (fresh) => destroyed || draw(fresh);
  // Coordinators' moves, comments and photo redaction, owners' comments: js/screens/followup.js.
  const followup = mine
    ? null
    : await import("./followup.js").then(
        (m) => m.panel({ id, reload: () => load().then(redraw) }),
        () => null
      );
  const actions = caseActions({
    id,
    draft,
    navigate,
    forget: () => drafts.delete(id),
    noMoves: mine
      ? "cases.no_actions_reporter"
      : followup && user().role !== "owner"
        ? "followup.no_owner_moves"
        : "cases.no_actions",
    moved: async (moved, done) => {
      let fresh;
      try {
        fresh = await load();
      } catch {
        fresh = { events, at: Date.now() };
      }
      if (destroyed) return;
      draw({
        ...fresh,
        finding: fresh.cached || !fresh.finding ? moved : fresh.finding,
        cached: false,
      });
      el.flash.hidden = false;
      fill(el.flash, icon("check"), " ", done);
      el.flash.focus();
    },
    conflict: () => load().then(draw, () => {}), // someone else moved it
  });

  function draw(fresh) {
    f = fresh.finding;
    events = fresh.events;
    const late = isOverdue(f);
    el.title.textContent = nameOf(f.category);
    fill(el.statusLine, statusBadge(f.status, "case-status-badge"), late && overdueSince(f));
    el.cachedNote.hidden = !fresh.cached;
    el.cachedNote.textContent = t("cases.showing_cached_one", { time: formatDateTime(fresh.at) });
    fill(el.facts, factItems(f, late));
    fill(el.photos, photoItems(f, viewer));
    fill(el.place, placeItems(f));
    actions.draw(f);
    if (followup) followup.draw(f);
    const none = h("li", null, t("cases.history_empty"));
    fill(el.history, events.length ? events.map(eventItem) : none);
  }

  const onNetwork = () => {
    actions.onNetwork();
    if (navigator.onLine && !el.cachedNote.hidden) load().then(redraw, () => {});
  };
  const node = caseLayout(el, { back, map, actions, followup, viewer });
  draw(data);
  return {
    title: nameOf(f.category),
    tab,
    node,
    mounted: () => {
      window.addEventListener("online", onNetwork);
      window.addEventListener("offline", onNetwork);
      map.show(f);
    },
    destroy: () => {
      destroyed = true;
      window.removeEventListener("online", onNetwork);
      window.removeEventListener("offline", onNetwork);
      map.destroy();
      if (viewer.node.open) viewer.node.close();
    },
  };
}

/* The elements draw() fills in. */
function caseElements() {
  return {
    title: h("h1", { id: "case-title", tabindex: "-1" }),
    statusLine: h("p", { class: "status-line", id: "case-status" }),
    flash: h("p", {
      class: "flash",
      id: "case-flash",
      role: "status",
      tabindex: "-1",
      hidden: true,
    }),
    cachedNote: h("p", { class: "notice", id: "case-cached" }),
    facts: h("dl", { class: "facts", id: "case-facts" }),
    photos: h("div", { class: "stack", id: "case-photos" }),
    place: h("div", { class: "stack", id: "case-place" }),
    history: h("ol", { class: "history", id: "case-history" }),
  };
}

/* The screen: its heading and notes, then the finding (facts, photos, place) and beside it on a
   desktop what is done with it (actions, the follow-up panel, history). */
function caseLayout(el, { back, map, actions, followup, viewer }) {
  const card = (key, ...children) =>
    h(
      "section",
      { class: "card stack", "aria-labelledby": `case-${key}-title` },
      h("h2", { id: `case-${key}-title` }, t(`cases.${key}`)),
      children
    );
  return h(
    "section",
    { class: "screen screen-case", "aria-labelledby": "case-title" },
    back,
    el.title,
    el.statusLine,
    el.flash,
    el.cachedNote,
    h(
      "div",
      { class: "case-layout" },
      h(
        "div",
        { class: "case-main" },
        card("facts", el.facts),
        card("photos", el.photos),
        card("place", el.place, map.box, map.status)
      ),
      h(
        "div",
        { class: "case-side" },
        card("actions", actions.node),
        followup?.node,
        card("history", el.history)
      )
    ),
    viewer.node
  );
}
