// The parts of the finding screen (case.js), each drawn from the finding as the API gives it:
// the facts, the photos (opened full size in a dialog), the place and its map, the history.

import { formatCoordinates, formatDateTime, formatDay, formatNumber, t } from "../i18n.js";
import { createMap, pinIcon } from "../map.js";
import { loadConfig } from "../session.js";
import { h, icon, withIcon } from "../ui.js";
import { priorityText } from "./cases.js";

export const overdueSince = (f) =>
  h(
    "strong",
    { class: "overdue-badge", id: "case-overdue" },
    icon("alert"),
    " ",
    t("cases.overdue_since", { date: formatDay(f.due_date) })
  );

/* The facts as <dt>/<dd> pairs. */
export function factItems(f, late) {
  const due = f.due_date ? [formatDay(f.due_date), late && ` (${t("cases.overdue")})`] : null;
  return [
    ["col.status", t(`status.${f.status}`)],
    ["col.due", due || t("cases.no_due")],
    f.planned_for && ["planned_label", formatDay(f.planned_for)],
    ["col.priority", priorityText(f.priority)],
    ["col.owner", f.assigned_org ? f.assigned_org.name : t("findings.owner_none")],
    ["reported", formatDateTime(f.captured_at)],
    ["note", f.note ? h("span", { class: "note" }, f.note) : t("cases.no_note")],
  ]
    .filter(Boolean)
    .map(([term, value]) => [h("dt", null, t(`cases.${term}`)), h("dd", null, value)]);
}

/* The reporter's photos, then the photos of the fix; each opens full size in `viewer`. */
export function photoItems(f, viewer) {
  const report = f.photos.filter((photo) => photo.kind !== "after");
  const after = f.photos.filter((photo) => photo.kind === "after");
  const sent = { sent: report.length, total: f.photos_expected };
  return [
    report.length
      ? photoGrid(report, "case-photo-list", "cases.photo", viewer)
      : h("p", { class: "hint" }, t("cases.no_photos")),
    !f.complete && h("p", { class: "notice" }, icon("alert"), " ", t("findings.incomplete", sent)),
    after.length > 0 && [
      h("h3", null, t("cases.after_photos")),
      photoGrid(after, "case-after-list", "cases.after_photo", viewer),
    ],
  ];
}

export function photoGrid(list, listId, altKey, viewer) {
  const item = (photo, index) => {
    const label = t(altKey, { number: index + 1, count: list.length });
    const image = h("img", {
      src: photo.thumbnail_url,
      alt: "",
      width: 120,
      height: 120,
      loading: "lazy",
    });
    image.onerror = () =>
      image.replaceWith(
        h(
          "span",
          { class: "photo-missing" },
          icon("image"),
          h("span", null, t("findings.photo_offline"))
        )
      );
    const open = (event) => viewer.open(photo, label, event.currentTarget);
    return h(
      "li",
      { class: "photo" },
      h(
        "button",
        {
          type: "button",
          class: "photo-open",
          "aria-label": t("cases.photo_open", { label }),
          onclick: open,
        },
        image
      )
    );
  };
  return h("ul", { class: "photo-list photo-grid", id: listId }, list.map(item));
}

export function placeItems(f) {
  const accuracy = f.accuracy_m ? ` (±${formatNumber(f.accuracy_m)} m)` : "";
  return [
    f.lat === null
      ? h("p", null, t("cases.no_position"))
      : h(
          "p",
          { class: "position-text", id: "case-coordinates" },
          formatCoordinates(f.lat, f.lon),
          accuracy
        ),
    f.routing &&
      h("p", { id: "case-routing" }, h("strong", null, t("cases.routing")), " ", f.routing.text),
  ];
}

/* The finding's place on a map (none without a position, or when the map cannot load). */
export function caseMap() {
  const box = h("div", {
    class: "map",
    id: "case-map",
    role: "region",
    "aria-label": t("cases.map_one_label"),
  });
  const status = h("p", { class: "hint", id: "case-map-status" });
  let parts = null;
  let destroyed = false;

  async function show(f) {
    if (f.lat === null) box.hidden = true;
    if (parts || destroyed || f.lat === null) return;
    parts = {};
    try {
      const { L, map } = await createMap(box, {
        config: await loadConfig(),
        center: [f.lat, f.lon],
        onTiles: (tiles) => {
          box.dataset.tiles = tiles;
          status.textContent = tiles === "loaded" ? "" : t("cases.map_no_tiles_one");
        },
      });
      if (destroyed) return map.remove();
      L.marker([f.lat, f.lon], { icon: pinIcon(L), keyboard: false, interactive: false }).addTo(
        map
      );
      parts = { map };
    } catch {
      box.hidden = true;
      status.textContent = t("cases.map_unavailable");
    }
  }

  return {
    box,
    status,
    show,
    destroy: () => {
      destroyed = true;
      if (parts?.map) parts.map.remove();
    },
  };
}

const EVENT_TEXTS = {
  created: () => t("cases.event.created"),
  status: (event, data) => [
    t("cases.event.status", { from: statusName(event.from_value), to: statusName(event.to_value) }),
    data.planned_for && ` ${t("cases.event.planned", { date: formatDay(data.planned_for) })}`,
  ],
  assigned: (event) =>
    event.to_value
      ? t("cases.event.assigned", { organisation: event.to_value })
      : t("cases.event.unassigned"),
  photo: (_, data) => t(data.kind === "after" ? "cases.event.photo_after" : "cases.event.photo"),
  edited: () => t("cases.event.edited"),
  delivery: () => t("cases.event.delivery"),
  priority: (event) =>
    t("cases.event.priority", {
      from: priorityText(Number(event.from_value)),
      to: priorityText(Number(event.to_value)),
    }),
  due_date: (event) =>
    t("cases.event.due_date", { date: event.to_value ? formatDay(event.to_value) : "–" }),
  merged: () => t("cases.event.merged"),
  redacted: () => t("cases.event.redacted"),
  reminder: () => t("cases.event.reminder"),
};
const statusName = (value) => (value ? t(`status.${value}`) : "–");

/* A line of the history: when, who (and through what), what, why. */
export function eventItem(event) {
  const org = event.organisation?.name;
  const actor = event.actor && (org ? `${event.actor.name} (${org})` : event.actor.name);
  const who = [event.actor ? actor : org || t("cases.event.system")];
  if (event.via === "link") who.push(t("cases.via_link"));
  const what = Object.hasOwn(EVENT_TEXTS, event.kind) ? EVENT_TEXTS[event.kind] : null;
  const why =
    event.kind === "assigned" ? event.text : event.kind === "edited" ? null : event.comment;
  return h(
    "li",
    { class: "history-item", dataset: { kind: event.kind } },
    h(
      "p",
      { class: "meta" },
      h("time", { datetime: event.at }, formatDateTime(event.at)),
      " · ",
      who.filter(Boolean).join(", ")
    ),
    h(
      "p",
      { class: "history-what" },
      what ? what(event, event.data || {}) : t("cases.event.comment")
    ),
    why && h("p", { class: event.kind === "assigned" ? "meta" : "note" }, why)
  );
}

/* A full-size photo in a modal dialog; Escape or the button closes it, the focus goes back. */
export function photoViewer() {
  const heading = h("h2", { id: "photo-viewer-title" });
  const image = h("img", { id: "photo-viewer-image", alt: "" });
  const close = h(
    "button",
    { type: "button", class: "button", id: "photo-viewer-close", onclick: () => node.close() },
    withIcon("x", t("cases.close"))
  );
  const node = h(
    "dialog",
    { class: "dialog photo-viewer", "aria-labelledby": "photo-viewer-title", id: "photo-viewer" },
    h("div", { class: "photo-viewer-head" }, heading, close),
    image
  );
  let opener = null;
  node.addEventListener("close", () => {
    image.removeAttribute("src");
    if (opener?.isConnected) opener.focus();
  });
  return {
    node,
    open(photo, label, from) {
      opener = from;
      heading.textContent = image.alt = label;
      Object.assign(image, { width: photo.width, height: photo.height, src: photo.url });
      node.showModal();
      close.focus();
    },
  };
}
