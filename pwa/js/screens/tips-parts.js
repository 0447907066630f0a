// One resident's tip on the moderation screen (tips.js): what the resident sent — category,
// note, when, where (coordinates, and a small map on request), photos, whether they left an
// email address (never the address) — and, while it waits, the three decisions: Godkänn (one
// tap; then routed as any finding), Avvisa (a reason, which the resident is told when they left
// an address) and Slå ihop med … (one of the open findings nearby that the server offers).
// Decided tips show what became of them. Every decision is online only, never queued.

import { post } from "../api.js";
import { field, setError } from "../forms.js";
import { formatCoordinates, formatDateTime, formatNumber, t } from "../i18n.js";
import { createMap, pinIcon } from "../map.js";
import { state, write } from "../session.js";
import { h, icon, withIcon } from "../ui.js";
import { photoGrid } from "./case-parts.js";
import { problems } from "./promise-common.js";

// The tabs and the API's states (server/tips): what the coordinator sees, what the API calls it.
export const SHOWN = {
  waiting: "väntar",
  approved: "godkänd",
  rejected: "avvisad",
  merged: "sammanslagen",
};

/* A photo as the API gives it: an object with url and thumbnail_url, or a plain address. */
const photoOf = (photo) =>
  typeof photo === "string"
    ? { url: photo, thumbnail_url: photo, width: null, height: null }
    : { thumbnail_url: photo.url, ...photo };

/* The card of one tip; `context`: nameOf (category names), waiting (offer the decisions),
   decided(item, message) (the screen takes the card away and says it), viewer (photos). */
export function tipCard(tip, context) {
  const key = `tip-${tip.id}`;
  const photos = (tip.photos || []).map(photoOf);
  const item = h(
    "li",
    { class: "card stack tip-card", id: key, dataset: { tipId: tip.id, state: tip.state } },
    h("h3", { id: `${key}-title`, tabindex: "-1" }, context.nameOf(tip.category)),
    h(
      "p",
      { class: "meta" },
      t("tips.received", { time: formatDateTime(tip.received_at || tip.captured_at) }),
      tip.captured_at ? ` · ${t("tips.captured", { time: formatDateTime(tip.captured_at) })}` : ""
    ),
    tip.note ? h("p", { class: "note" }, tip.note) : h("p", { class: "hint" }, t("tips.no_note")),
    tip.has_email
      ? h("p", { class: "tip-email", id: `${key}-email` }, icon("check"), " ", t("tips.has_email"))
      : null,
    place(tip, key),
    photos.length
      ? photoGrid(photos, `${key}-photos`, "tips.photo", context.viewer)
      : h("p", { class: "hint" }, t("tips.no_photos")),
    context.waiting ? decisions(tip, key, () => item, context) : outcome(tip, key)
  );
  return item;
}

/* The coordinates, and a button that shows the place on a small map in the card. */
function place(tip, key) {
  if (tip.lat === null || tip.lat === undefined) return h("p", null, t("cases.no_position"));
  const box = h("div", {
    class: "map tip-map",
    id: `${key}-map`,
    role: "region",
    "aria-label": t("tips.map_label"),
    hidden: true,
  });
  const note = h("p", { class: "hint", role: "status" });
  const toggle = h(
    "button",
    { type: "button", class: "button", id: `${key}-show-map`, "aria-expanded": "false" },
    withIcon("map", t("tips.show_map"))
  );
  let shown = null;
  toggle.addEventListener("click", async () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    box.hidden = !open;
    if (!open || shown) return;
    shown = true;
    try {
      const { L, map } = await createMap(box, {
        config: state.config,
        center: [tip.lat, tip.lon],
        onTiles: (tiles) => {
          note.textContent = tiles === "loaded" ? "" : t("cases.map_no_tiles_one");
        },
      });
      L.marker([tip.lat, tip.lon], { icon: pinIcon(L), keyboard: false, interactive: false }).addTo(
        map
      );
    } catch {
      box.hidden = true;
      note.textContent = t("cases.map_unavailable");
    }
  });
  return h(
    "div",
    { class: "stack" },
    h("p", { class: "position-text" }, formatCoordinates(tip.lat, tip.lon)),
    toggle,
    box,
    note
  );
}

/* What became of a decided tip: when, and the reason of a rejection; the finding to open. */
function outcome(tip, key) {
  return h(
    "div",
    { class: "stack", id: `${key}-outcome` },
    h(
      "p",
      { class: "meta" },
      h("span", { class: "status-badge" }, t(`tips.state.${stateKey(tip.state)}`)),
      tip.decided_at ? ` ${formatDateTime(tip.decided_at)}` : "",
      tip.decided_by ? ` · ${tip.decided_by.name}` : ""
    ),
    tip.reason ? h("p", null, t("tips.reason_shown", { reason: tip.reason })) : null,
    tip.state === "avvisad"
      ? null
      : h(
          "a",
          { class: "case-link", href: `#/findings?id=${tip.duplicate_of || tip.id}` },
          t(tip.state === "sammanslagen" ? "tips.open_original" : "tips.open_case")
        )
  );
}

const stateKey = (value) => Object.keys(SHOWN).find((key) => SHOWN[key] === value) || "merged";

/* Godkänn, Avvisa (reason), Slå ihop med …: the waiting tip's three decisions. */
function decisions(tip, key, itemOf, context) {
  const error = h("p", { class: "form-error", id: `${key}-error`, role: "alert" });
  let busy = false;

  /* Send a decision; the card leaves with `message(answer)`, or the error is said here. */
  async function decide(button, path, body, message) {
    if (busy) return;
    busy = true;
    error.textContent = "";
    button.setAttribute("aria-busy", "true");
    try {
      const answer = await write(() => post(`/api/v1/findings/${tip.id}/${path}`, body));
      context.decided(itemOf(), message(answer || {}));
    } catch (failure) {
      error.textContent = failure.status === 0 ? t("tips.offline_action") : problems(failure);
      button.focus();
    } finally {
      busy = false;
      button.removeAttribute("aria-busy");
    }
  }

  const name = context.nameOf(tip.category);
  const approve = h(
    "button",
    {
      type: "button",
      class: "button button-primary",
      id: `${key}-approve`,
      "aria-describedby": `${key}-title`,
    },
    withIcon("check", t("tips.approve"))
  );
  approve.addEventListener("click", () =>
    decide(approve, "approve", {}, (finding) =>
      finding.assigned_org
        ? t("tips.approved_to", { category: name, owner: finding.assigned_org.name })
        : t("tips.approved_triage", { category: name })
    )
  );
  return h(
    "div",
    { class: "stack tip-decisions" },
    error,
    approve,
    rejectForm(tip, key, decide, name),
    mergeForm(tip, key, decide, name, context.nameOf)
  );
}

/* Avvisa: the reason is required; the hint says whether the resident will be told. */
function rejectForm(tip, key, decide, name) {
  const reason = h("textarea", {
    id: `${key}-reason`,
    name: "reason",
    rows: "3",
    maxlength: "1000",
    required: true,
  });
  const hint = tip.has_email ? t("tips.reason_hint_email") : t("tips.reason_hint_none");
  const submit = h(
    "button",
    { type: "submit", class: "button button-danger", id: `${key}-reject` },
    t("tips.reject_submit")
  );
  const form = h(
    "form",
    {
      class: "stack",
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        const text = reason.value.trim();
        setError(reason, text ? "" : t("tips.reason_missing"));
        if (!text) return reason.focus();
        const told = tip.has_email ? "tips.rejected_told" : "tips.rejected";
        decide(submit, "reject", { reason: text }, () => t(told, { category: name }));
      },
    },
    field(t("tips.reason"), reason, hint),
    submit
  );
  return folded(key, "reject", t("tips.reject"), form);
}

/* Slå ihop med …: one of the open findings nearby (the server's candidates), by radio button. */
function mergeForm(tip, key, decide, name, nameOf) {
  const nearby = tip.nearby || [];
  if (!nearby.length) {
    return h("p", { class: "hint", id: `${key}-no-nearby` }, t("tips.no_nearby"));
  }
  const radios = nearby.map((other, index) =>
    h("input", {
      type: "radio",
      name: `${key}-into`,
      id: `${key}-into-${index}`,
      value: other.id,
      checked: index === 0,
    })
  );
  const choice = (other, index) =>
    h(
      "li",
      { class: "choice" },
      radios[index],
      h(
        "label",
        { for: radios[index].id },
        t("tips.nearby_item", {
          category: nameOf(other.category),
          status: t(`status.${other.status}`),
          distance: formatNumber(other.distance_m),
        })
      )
    );
  const submit = h(
    "button",
    { type: "submit", class: "button", id: `${key}-merge` },
    t("tips.merge_submit")
  );
  const form = h(
    "form",
    {
      class: "stack",
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        const index = radios.findIndex((radio) => radio.checked);
        const into = nearby[index];
        const other = nameOf(into.category);
        decide(submit, "merge", { into: into.id }, () =>
          t("tips.merged", { category: name, other, distance: formatNumber(into.distance_m) })
        );
      },
    },
    h(
      "fieldset",
      { class: "stack" },
      h("legend", null, t("tips.merge_legend")),
      h("ul", { class: "check-list" }, nearby.map(choice))
    ),
    submit
  );
  return folded(key, "merge", t("tips.merge"), form);
}

/* A decision that needs more than a tap, folded away until opened. */
const folded = (key, what, summary, form) =>
  h(
    "details",
    { class: "tip-fold", id: `${key}-${what}-fold` },
    h("summary", { class: "button" }, summary),
    form
  );
