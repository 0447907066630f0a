// The outbox: every queued finding, incident and round with its state — väntar, skickar, fel
// (with the server's reason), skickad — a finding's photos' progress, and what the user can do
// about it.

import { categoryName } from "../categories.js";
import { formatDateTime, formatTime, t, tn } from "../i18n.js";
import * as outbox from "../outbox.js";
import { categories as allCategories } from "../pull.js";
import { on, state } from "../session.js";
import { announce, confirmDialog, h, icon, withIcon } from "../ui.js";

const STATE_ICONS = { waiting: "clock", sending: "upload", failed: "alert", sent: "check" };

export async function render({ syncNow }) {
  const summary = h("p", {
    class: "outbox-summary",
    id: "outbox-summary",
    role: "status",
    "aria-live": "polite",
  });
  const list = h("ol", { class: "card-list outbox-list", id: "outbox-list" });
  const sentList = h("ol", { class: "card-list outbox-list", id: "outbox-sent-list" });
  const sentSection = sentPart(sentList);
  let drawing = null;
  let again = false;

  /* Draw everything anew; asked again while drawing, once more when that is done. */
  async function draw() {
    if (drawing) {
      again = true;
      return drawing;
    }
    drawing = (async () => {
      do {
        again = false;
        await drawOnce();
      } while (again);
    })().finally(() => {
      drawing = null;
    });
    return drawing;
  }

  async function drawOnce() {
    const names = await knownNames();
    const items = await outbox.items();
    const open = items.filter((item) => item.state !== "sent");
    const sent = items.filter((item) => item.state === "sent").reverse();
    const text = summaryText(open);
    if (summary.textContent !== text) summary.textContent = text;
    // Redrawn while sending: keep the keyboard focus on the same button of the same item.
    const focused = document.activeElement;
    const keep = focused?.dataset?.action
      ? `${focused.dataset.action}:${focused.dataset.item}`
      : null;
    const card = (item) => itemCard(item, names);
    list.dataset.count = String(open.length);
    list.replaceChildren(
      ...(open.length ? open.map(card) : [h("li", { class: "empty" }, t("outbox.empty"))])
    );
    sentSection.hidden = sent.length === 0;
    sentList.replaceChildren(...sent.map(card));
    if (keep && !node.contains(document.activeElement)) {
      const [action, id] = keep.split(":");
      const target = node.querySelector(`[data-action="${action}"][data-item="${id}"]`);
      (target || document.getElementById("outbox-title")).focus();
    }
  }

  const node = h(
    "section",
    { class: "screen screen-outbox", "aria-labelledby": "outbox-title" },
    h("h1", { id: "outbox-title", tabindex: "-1" }, t("outbox.title")),
    h("p", { class: "lead" }, t("outbox.lead")),
    h("div", { class: "card stack" }, summary, syncButton(syncNow)),
    h(
      "section",
      { "aria-labelledby": "outbox-open-title" },
      h("h2", { id: "outbox-open-title", class: "visually-hidden" }, t("outbox.open_title")),
      list
    ),
    sentSection
  );
  await draw();
  const redraw = () => draw();
  const off = [on("outbox", redraw), on("data", redraw)];
  window.addEventListener("online", redraw);
  window.addEventListener("offline", redraw);
  return {
    title: t("outbox.title"),
    node,
    destroy: () => {
      off.forEach((stop) => stop());
      window.removeEventListener("online", redraw);
      window.removeEventListener("offline", redraw);
    },
  };
}

/* The names an item's card shows: categories, incident types, the rounds' actions. */
async function knownNames() {
  const Store = self.LyktaStore; // as screens/field-lists.js keeps them (not loaded here)
  const types = (await Store.getMeta("incident_types"))?.items || [];
  const actions = (await Store.getMeta("round_actions")) || [];
  return {
    categories: new Map((await allCategories()).map((c) => [c.code, c])),
    types: new Map(types.map((type) => [type.code, type.name])),
    actions: new Map(actions.map((action) => [action.id, action.what])),
  };
}

/* A text of the outbox about this item, for its kind: `outbox.<key>` for a finding,
   `outbox.<kind>.<key>` for an incident or a round. */
function kt(item, key, params) {
  const kind = outbox.kindOf(item);
  return t(kind === "finding" ? `outbox.${key}` : `outbox.${kind}.${key}`, params);
}

function summaryText(open) {
  if (!open.length) return t("outbox.summary_empty");
  const failed = open.filter((item) => item.state === "failed").length;
  const onlyFindings = open.every((item) => outbox.kindOf(item) === "finding");
  const key = onlyFindings ? "outbox.summary_pending" : "outbox.summary_pending_any";
  const parts = [tn(key, open.length)];
  if (failed) parts.push(tn("outbox.summary_failed", failed));
  const text = parts.join(" ");
  return navigator.onLine ? text : `${text} ${t("outbox.offline_note")}`;
}

/* "Synka nu": send everything waiting now, and say how it went. */
function syncButton(syncNow) {
  let busy = false;
  const button = h(
    "button",
    {
      type: "button",
      class: "button button-primary",
      id: "outbox-sync-now",
      onclick: async () => {
        if (busy) return;
        busy = true;
        button.setAttribute("aria-busy", "true");
        announce(t("sync.running"));
        await syncNow();
        busy = false;
        button.removeAttribute("aria-busy");
        const count = await outbox.counts();
        const left = count.onlyFindings ? "sync.left" : "sync.left_any";
        announce(count.pending ? tn(left, count.pending) : t("sync.done"));
      },
    },
    withIcon("sync", t("sync.now"))
  );
  return button;
}

/* The findings sent (hidden while there are none), with a button that clears them. */
function sentPart(sentList) {
  const clear = async () => {
    await outbox.purgeSent(true);
    announce(t("outbox.cleared"));
    document.getElementById("outbox-title").focus();
  };
  return h(
    "section",
    { "aria-labelledby": "outbox-sent-title", hidden: true },
    h("h2", { id: "outbox-sent-title" }, t("outbox.sent_title")),
    sentList,
    h(
      "button",
      { type: "button", class: "button button-quiet", id: "outbox-clear-sent", onclick: clear },
      t("outbox.clear_sent")
    )
  );
}

/* One item of the outbox: what, when, its photos, its state and why, what can be done. */
function itemCard(item, names) {
  const foreign = state.session && item.user.id !== state.session.user.id;
  const kind = outbox.kindOf(item);
  return h(
    "li",
    {
      class: `card outbox-item state-${item.state}`,
      dataset: { id: item.id, state: item.state, kind },
    },
    h(
      "div",
      { class: "item-head" },
      h("h3", null, itemName(item, names)),
      h(
        "p",
        { class: `state-badge state-badge-${item.state}` },
        icon(STATE_ICONS[item.state]),
        " ",
        t(`outbox.state.${item.state}`)
      )
    ),
    ...itemDetails(item, names),
    foreign
      ? h("p", { class: "notice" }, t("outbox.other_user", { email: item.user.email }))
      : null,
    reason(item),
    actions(item, labelOf(item, names))
  );
}

/* The heading: the finding's category, the incident's type, or "Trygghetsrunda". */
function itemName(item, names) {
  const kind = outbox.kindOf(item);
  if (kind === "incident") {
    const type = names.types.get(item.body.type) || item.body.type;
    return t("outbox.incident.name", { type });
  }
  if (kind === "round") return t("outbox.round.name");
  const category = names.categories.get(item.body.category);
  return category ? categoryName(category) : item.body.category;
}

/* When and what: a finding's time, walk, note and photos; an incident's time and note; a
   round's times, action and result. */
function itemDetails(item, names) {
  const body = item.body;
  const kind = outbox.kindOf(item);
  if (kind === "incident") {
    return [
      h(
        "p",
        { class: "meta" },
        t("outbox.incident.when", { time: formatDateTime(body.occurred_at) })
      ),
      body.note ? h("p", { class: "note" }, body.note) : null,
    ];
  }
  if (kind === "round") {
    const times = { from: formatDateTime(body.arrived_at), to: formatTime(body.left_at) };
    const action = body.action_id ? names.actions.get(body.action_id) : null;
    return [
      h("p", { class: "meta" }, t("outbox.round.when", times)),
      action ? h("p", { class: "meta" }, t("outbox.round.action", { what: action })) : null,
      body.no_deviations ? h("p", null, t("outbox.round.no_deviations")) : null,
      body.seen ? h("p", { class: "note" }, body.seen) : null,
    ];
  }
  const sentPhotos = item.photos.filter((photo) => photo.sent).length;
  const where = body.walk_id ? t("outbox.in_walk") : t("outbox.outside_walk");
  const progress = { sent: sentPhotos, total: item.photos.length };
  return [
    h("p", { class: "meta" }, formatDateTime(body.captured_at), " · ", where),
    body.note ? h("p", { class: "note" }, body.note) : null,
    item.photos.length
      ? h(
          "p",
          { class: "meta", dataset: { photosSent: sentPhotos } },
          t("outbox.photos_progress", progress)
        )
      : h("p", { class: "meta" }, t("outbox.no_photos")),
  ];
}

/* Sent when; or why it failed (the server's reason, per field) and what to do; or why it
   waits and when it is tried again. */
function reason(item) {
  const error = item.error;
  if (item.state === "sent") {
    return h("p", { class: "meta" }, t("outbox.sent_at", { time: formatDateTime(item.sent_at) }));
  }
  if (!error) return null;
  if (item.state === "failed") return failure(item, error);
  const next =
    item.next_attempt_at && item.next_attempt_at > Date.now()
      ? t("outbox.next_attempt", { time: formatTime(item.next_attempt_at) })
      : "";
  const why =
    error.kind === "network"
      ? t("outbox.retry_network")
      : error.kind === "auth"
        ? t("outbox.retry_auth")
        : kt(item, "retry_server", { status: error.status });
  return h("p", { class: "reason-soft" }, why, next ? ` ${next}` : "");
}

function failure(item, error) {
  const details = [];
  for (const [field, problems] of Object.entries(error.errors || {})) {
    details.push(h("li", null, `${t(`field.${field}`)}: ${[].concat(problems).join(" ")}`));
  }
  const text = error.local
    ? t(`outbox.local.${error.local}`)
    : error.message || t("outbox.rejected", { status: error.status });
  const advice = error.status === 409 ? "advice_conflict" : "advice_failed";
  return h(
    "div",
    { class: "reason", dataset: { status: error.status } },
    h("p", null, h("strong", null, kt(item, "reason")), " ", text),
    details.length ? h("ul", { class: "reason-details" }, details) : null,
    h("p", { class: "hint" }, kt(item, advice))
  );
}

/* Try again (failed, or waiting after an error) and delete (failed); `name` for their labels. */
function actions(item, name) {
  if (item.state === "sent") return null;
  const buttons = [];
  if (item.state === "failed" || (item.state === "waiting" && item.error)) {
    buttons.push(retryButton(item, name));
  }
  if (item.state === "failed") buttons.push(deleteButton(item, name));
  return buttons.length ? h("div", { class: "button-row" }, buttons) : null;
}

/* A button for one item: data-action and data-item keep the focus on it across redraws;
   `label` names the item too, for screen readers. */
function itemButton(item, action, { danger, label, iconName, text, onclick }) {
  return h(
    "button",
    {
      type: "button",
      class: danger ? "button button-danger" : "button",
      dataset: { action, item: item.id },
      "aria-label": label,
      onclick,
    },
    withIcon(iconName, text)
  );
}

function retryButton(item, name) {
  const retry = () => {
    announce(t("sync.running"));
    outbox.retry(item.id);
  };
  const label = t("outbox.retry_label", { name });
  return itemButton(item, "retry", {
    label,
    iconName: "sync",
    text: t("outbox.retry"),
    onclick: retry,
  });
}

function deleteButton(item, name) {
  const remove = async () => {
    const sure = await confirmDialog({
      title: kt(item, "delete_title"),
      text: kt(item, "delete_text"),
      confirm: t("outbox.delete_confirm"),
    });
    if (!sure) return;
    await outbox.remove(item.id);
    announce(kt(item, "deleted"));
    document.getElementById("outbox-title").focus();
  };
  const label = t("outbox.delete_label", { name });
  const text = t("outbox.delete");
  return itemButton(item, "delete", { danger: true, label, iconName: "x", text, onclick: remove });
}

function labelOf(item, names) {
  const body = item.body;
  const at = body.captured_at || body.occurred_at || body.arrived_at;
  return `${itemName(item, names)}, ${formatDateTime(at)}`;
}
