// The follow-up walk on the phone (#/?revisits=<walk id>): Förra vandringens iakttagelser,
// the earlier walk's findings with their status now, each marked Kvar / Åtgärdad / Förändrad.
//
// The list is the one /api/v1/sync last brought with the walk (walk.revisits), so it is there
// with no network. A mark is kept on the device first (meta "revisit_marks", by walk and
// finding; the outbox is for findings) and sent with the idempotent PUT
// /api/v1/walks/<id>/revisits/<finding id> at once when online, else when the phone comes back
// online or after the next sync: sent twice, it is stored once. A mark the server refuses for
// good (the walk closed, 403, 404, 422) is dropped and said so; the server's mark then shows.

import "../store.js";
import { api } from "../api.js";
import { formatDateTime, t, tn } from "../i18n.js";
import { categoryNames, walks } from "../pull.js";
import { emit, on } from "../session.js";
import { announce, h } from "../ui.js";

const Store = self.LyktaStore;
const KEY = "revisit_marks";
export const STATES = ["kvar", "åtgärdad", "förändrad"];
const ENDED = ["avslutad", "inställd"];
// Answers that sending again would not change: the mark is dropped and the refusal said.
const REFUSED_FOR_GOOD = new Set([400, 403, 404, 409, 422]);

let sending = null;

/* The marks kept on this device and not yet taken by the server: {"<walk>/<finding>": mark}. */
export async function pendingMarks() {
  return (await Store.getMeta(KEY)) || {};
}

async function changeMarks(change) {
  await Store.transact("meta", "readwrite", async (s) => {
    const record = await Store.req(s.meta.get(KEY));
    const marks = record ? record.value : {};
    change(marks);
    await Store.req(s.meta.put({ key: KEY, value: marks }));
  });
}

/* Keep a mark on the device; it is sent by sendMarks(). */
export function keepMark(walkId, findingId, state, note) {
  const mark = { walk_id: walkId, finding_id: findingId, state, note };
  return changeMarks((marks) => {
    marks[`${walkId}/${findingId}`] = mark;
  });
}

/* Send every kept mark; one run at a time. Stops at the first network failure. */
export function sendMarks() {
  if (!sending) sending = sendAll().finally(() => (sending = null));
  return sending;
}

async function sendAll() {
  const refused = [];
  for (const [key, mark] of Object.entries(await pendingMarks())) {
    let answer;
    try {
      const path = `/api/v1/walks/${mark.walk_id}/revisits/${encodeURIComponent(mark.finding_id)}`;
      answer = await api("PUT", path, { json: { state: mark.state, note: mark.note || "" } });
    } catch (error) {
      if (!REFUSED_FOR_GOOD.has(error.status)) break; // offline, signed out, busy: later
      refused.push(error.message);
    }
    await changeMarks((marks) => {
      const now = marks[key];
      if (now && now.state === mark.state && now.note === mark.note) delete marks[key];
    });
    if (answer) await storeAnswer(mark.walk_id, answer);
  }
  if (refused.length) announce(t("revisits.refused", { message: refused.join(" ") }));
  emit("revisits");
}

/* The walk on the device gets the server's answer, so the list shows it with no network. */
function storeAnswer(walkId, revisit) {
  return Store.transact("walks", "readwrite", async (s) => {
    const walk = await Store.req(s.walks.get(walkId));
    if (!walk || !Array.isArray(walk.revisits)) return;
    walk.revisits = walk.revisits.map((r) => (r.finding_id === revisit.finding_id ? revisit : r));
    await Store.req(s.walks.put(walk));
  });
}

// Marks made offline go as soon as the phone is back online, or after a sync.
self.addEventListener("online", () => sendMarks());
on("pull", (event) => {
  if (event.detail?.status === "done") sendMarks();
});

export async function render(walkId) {
  const title = t("revisits.title");
  const heading = h("h1", { id: "revisits-title", tabindex: "-1" }, title);
  const status = h("p", { class: "hint", id: "revisits-status", role: "status" });
  const body = h("div", { class: "stack", id: "revisits-body" });
  const nameOf = await categoryNames();

  async function draw() {
    const walk = (await walks()).find((w) => String(w.id) === String(walkId));
    if (!walk || !Array.isArray(walk.revisits)) {
      body.replaceChildren(
        h("p", { class: "notice", id: "revisits-missing" }, t("revisits.missing"))
      );
      return;
    }
    const kept = await pendingMarks();
    const waiting = Object.values(kept).filter((m) => m.walk_id === walk.id).length;
    status.textContent = waiting ? tn("revisits.pending", waiting) : t("revisits.all_sent");
    const lead = t("revisits.lead", {
      title: walk.follows.title,
      date: formatDateTime(walk.follows.planned_start),
    });
    const open = !ENDED.includes(walk.status);
    const items = walk.revisits.map((revisit) =>
      item(walk, revisit, kept[`${walk.id}/${revisit.finding_id}`], nameOf, open, draw)
    );
    body.replaceChildren(
      h("p", { class: "lead", id: "revisits-lead" }, lead),
      items.length
        ? h("ol", { class: "card-list revisit-list", id: "revisit-list" }, items)
        : h("p", { class: "empty" }, t("revisits.none"))
    );
  }

  await draw();
  const redraw = () => draw();
  const off = [on("data", redraw), on("revisits", redraw)];
  const node = h(
    "section",
    { class: "screen screen-revisits", "aria-labelledby": "revisits-title" },
    h("a", { class: "back-link", href: "#/" }, t("nav.home")),
    heading,
    status,
    body
  );
  return { title, tab: "home", node, destroy: () => off.forEach((stop) => stop()) };
}

function item(walk, revisit, kept, nameOf, open, redraw) {
  const number = revisit.number;
  const category = nameOf(revisit.category) || revisit.category_name;
  const headingId = `revisit-${number}-title`;
  const chosen = kept ? kept.state : revisit.mark?.state;
  const noteInput = h("input", {
    type: "text",
    id: `revisit-${number}-note`,
    maxlength: "2000",
    autocomplete: "off",
    value: kept ? kept.note : revisit.mark?.note || "",
    onchange: () => chosen && open && choose(chosen),
  });

  async function choose(state) {
    await keepMark(walk.id, revisit.finding_id, state, noteInput.value.trim());
    announce(t("revisits.marked", { number, state: t(`revisits.state.${state}`) }));
    await redraw();
    document.getElementById(`revisit-${number}-${state}`)?.focus();
    if (navigator.onLine) sendMarks();
  }

  const buttons = STATES.map((state) =>
    h(
      "button",
      {
        type: "button",
        class: "button segment revisit-mark",
        id: `revisit-${number}-${state}`,
        "aria-pressed": String(chosen === state),
        disabled: !open,
        onclick: () => choose(state),
      },
      t(`revisits.state.${state}`)
    )
  );
  let markText = t("revisits.mark_none");
  if (kept) markText = t("revisits.mark_waiting", { state: t(`revisits.state.${kept.state}`) });
  else if (revisit.mark) {
    markText = t("revisits.mark_sent", { state: t(`revisits.state.${revisit.mark.state}`) });
  }
  const place =
    revisit.place ||
    (revisit.lat !== null
      ? t("revisits.position", { lat: revisit.lat.toFixed(5), lon: revisit.lon.toFixed(5) })
      : "");
  return h(
    "li",
    { class: "card revisit", dataset: { findingId: revisit.finding_id, number } },
    h("h2", { id: headingId, class: "revisit-title" }, `${number}. ${category}`),
    revisit.thumbnail_url
      ? h("img", {
          class: "revisit-photo",
          src: revisit.thumbnail_url,
          alt: t("revisits.photo_alt", { number, category }),
          onerror: (event) => event.target.remove(),
        })
      : null,
    revisit.note ? h("p", { class: "note" }, revisit.note) : null,
    place ? h("p", { class: "meta" }, place) : null,
    h(
      "p",
      { class: "meta revisit-status" },
      t("revisits.status_now", { status: t(`status.${revisit.status}`) })
    ),
    revisit.still_there_though_fixed
      ? h("p", { class: "warning" }, t("revisits.fixed_but_there"))
      : null,
    h(
      "div",
      { class: "segments revisit-marks", role: "group", "aria-labelledby": headingId },
      buttons
    ),
    h("label", { for: noteInput.id }, t("revisits.note")),
    noteInput,
    h("p", { class: "hint revisit-state", id: `revisit-${number}-state` }, markText)
  );
}
