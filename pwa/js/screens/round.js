// Logga trygghetsrunda: at a hot spot, with or without a network. Pick the EST meeting's action
// it carries out (or none), tap "Framme" on arrival (the time, and the position from the GPS)
// and Lämnar on leaving; say what was seen or tick "Inga avvikelser"; save into the outbox
// (kind "round"), sent with PUT /api/v1/est/rounds/<uuid> when possible.
//
// A round lasts a while and the phone goes into a pocket meanwhile: the draft is kept in
// IndexedDB (`meta`, wiped at sign-out), so that a reload or a closed app keeps the arrival.

import { positionPicker } from "../capture/position.js";
import { formatDate, t } from "../i18n.js";
import * as outbox from "../outbox.js";
import { localIsoString, uuid } from "../photos.js";
import { state } from "../session.js";
import { announce, confirmDialog, h, withIcon } from "../ui.js";
import {
  choices,
  datetimeField,
  fromLocalInput,
  looksLikeIdentityNumber,
  toLocalInput,
} from "./field-forms.js";
import { roundActions } from "./field-lists.js";

const Store = self.LyktaStore;
const DRAFT_KEY = "round_draft";
const SEEN_MAX = 1000;

function newDraft() {
  return {
    id: uuid(),
    actionId: null,
    arrivedAt: "",
    leftAt: "",
    position: null,
    photoPosition: null,
    seen: "",
    noDeviations: false,
  };
}

const keep = (d) => Store.setMeta(DRAFT_KEY, d).catch(() => {});

export async function render({ navigate }) {
  const draft = (await Store.getMeta(DRAFT_KEY)) || newDraft();
  const shared = { draft, destroyed: false };
  const actions = await roundActions();
  const action = actionPicker(draft, actions);
  // Framme takes the next fix of the device as the round's place, then stops following it.
  let arriving = false;
  const moved = () => {
    keep(draft);
    if (arriving && draft.position?.source === "gps") {
      arriving = false;
      position.stop();
    }
  };
  const position = positionPicker(shared, { onMove: moved, onMap: () => {} });
  const arrived = timeCard(draft, "arrivedAt", {
    id: "round-arrived",
    icon: "pin",
    onTap: () => {
      arriving = true;
      position.resume(); // a position set by hand stays
    },
  });
  const left = timeCard(draft, "leftAt", { id: "round-left", icon: "walk" });
  const seen = seenCard(draft);
  const parts = { arrived, left, position, seen };
  const bar = saveBar(draft, parts, navigate);
  const node = h(
    "form",
    {
      class: "screen screen-round",
      novalidate: true,
      onsubmit: bar.save,
      "aria-labelledby": "round-title",
    },
    h("h1", { id: "round-title", tabindex: "-1" }, t("round.title")),
    h("p", { class: "lead" }, t("round.lead")),
    action,
    arrived.node,
    position.node,
    left.node,
    seen.node,
    bar.node
  );
  position.draw();
  // Once arrived, the position is the arrival's: reopened later, the GPS does not move it.
  if (!(draft.arrivedAt && draft.position)) position.resume();
  return {
    title: t("round.title"),
    node,
    mounted: () => {
      if (draft.position) position.showMap();
    },
    destroy: () => {
      shared.destroyed = true;
      position.destroy();
    },
  };
}

/* This and last week's rounds decided at the EST meeting (cached for offline use), or none. */
function actionPicker(d, actions) {
  const label = (a) => {
    const where = a.where.place || a.where.area?.name || "";
    const due = t("round.action_due", { date: formatDate(`${a.due_on}T12:00:00`) });
    return [a.what, where, `${a.who.name}, ${due}`].filter(Boolean).join(" · ");
  };
  const options = [
    { value: null, label: t("round.no_action") },
    ...actions.map((a) => ({ value: a.id, label: label(a) })),
  ];
  if (!options.some((o) => o.value === d.actionId)) d.actionId = null; // no longer listed
  const group = choices({
    id: "round-action",
    legend: t("round.action_legend"),
    options,
    value: d.actionId,
    onChange: (value) => {
      d.actionId = value;
      keep(d);
    },
  });
  const hint = actions.length ? null : h("p", { class: "hint" }, t("round.no_actions"));
  return h("section", { class: "card" }, group.node, hint);
}

/* Framme or Lämnar: a button that takes the phone's clock, and the time to correct. */
function timeCard(d, key, { id, icon, onTap }) {
  const field = datetimeField({
    id: `${id}-at`,
    label: t(`round.${key}_label`),
    value: d[key],
    onInput: (value) => {
      d[key] = value;
      keep(d);
    },
  });
  const button = h(
    "button",
    {
      type: "button",
      class: "button button-primary button-large",
      id,
      onclick: () => {
        field.set(toLocalInput(new Date()));
        if (onTap) onTap();
        announce(t(`round.${key}_set`, { time: field.input.value.slice(11) }));
      },
    },
    withIcon(icon, t(`round.${key}_button`))
  );
  const node = h(
    "section",
    { class: "card stack", "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, t(`round.${key}_title`)),
    button,
    field.node
  );
  return { node, need: field.need };
}

/* What was seen, or "Inga avvikelser". */
function seenCard(d) {
  const error = h("p", { class: "field-error", id: "round-seen-error", role: "alert" });
  const clear = () => {
    error.textContent = "";
    seen.removeAttribute("aria-invalid");
  };
  const seen = h("textarea", {
    id: "round-seen",
    rows: 3,
    maxlength: SEEN_MAX,
    "aria-describedby": "round-seen-warning round-seen-error",
    oninput: () => {
      d.seen = seen.value;
      clear();
      keep(d);
    },
  });
  seen.value = d.seen;
  const none = h("input", {
    type: "checkbox",
    id: "round-no-deviations",
    checked: d.noDeviations,
    onchange: () => {
      d.noDeviations = none.checked;
      clear();
      keep(d);
    },
  });
  const node = h(
    "section",
    { class: "card stack" },
    h("label", { for: "round-seen", class: "label-heading" }, t("round.seen_label")),
    h("p", { class: "warning", id: "round-seen-warning" }, t("incident.note_warning")),
    seen,
    h(
      "div",
      { class: "choice-group" },
      h(
        "div",
        { class: "choice" },
        none,
        h("label", { for: "round-no-deviations" }, t("round.no_deviations"))
      )
    ),
    error
  );
  return {
    node,
    need: (text) => {
      error.textContent = text;
      seen.setAttribute("aria-invalid", "true");
      seen.focus();
    },
  };
}

/* What the server would refuse, said on the phone: [reason, show it]. */
function problem(d, parts) {
  const arrived = fromLocalInput(d.arrivedAt);
  const left = fromLocalInput(d.leftAt);
  if (!arrived) return ["need_arrived", () => parts.arrived.need(t("round.need_arrived"))];
  if (!d.position) return ["need_position", () => parts.position.need()];
  if (!left) return ["need_left", () => parts.left.need(t("round.need_left"))];
  if (left < arrived) return ["left_before", () => parts.left.need(t("round.left_before"))];
  if (left.getTime() > Date.now() + 60000) {
    return ["future", () => parts.left.need(t("round.future"))];
  }
  if (!d.seen.trim() && !d.noDeviations) {
    return ["need_seen", () => parts.seen.need(t("round.need_seen"))];
  }
  if (looksLikeIdentityNumber(d.seen)) {
    return ["identity_number", () => parts.seen.need(t("incident.identity_number"))];
  }
  return null;
}

function saveBar(d, parts, navigate) {
  const formError = h("p", { class: "form-error", id: "round-error", role: "alert" });
  const saveButton = h(
    "button",
    {
      type: "submit",
      class: "button button-primary button-block button-large",
      id: "save-round",
    },
    withIcon("check", t("round.save"))
  );
  let saving = false;

  async function save(event) {
    event.preventDefault();
    if (saving) return;
    formError.textContent = "";
    const found = problem(d, parts);
    if (found) {
      formError.textContent = t(
        found[0] === "identity_number" ? "incident.identity_number" : `round.${found[0]}`
      );
      found[1]();
      return;
    }
    saving = true;
    try {
      await outbox.enqueue(d.id, body(d), [], "round");
      await Store.delMeta(DRAFT_KEY);
    } catch {
      saving = false;
      formError.textContent = t("capture.save_failed");
      return;
    }
    state.flash = navigator.onLine ? t("round.saved_online") : t("round.saved_offline");
    navigate("#/");
  }

  const discard = async () => {
    const started = d.arrivedAt || d.seen || d.noDeviations;
    const sure =
      !started ||
      (await confirmDialog({
        title: t("round.discard_title"),
        text: t("round.discard_text"),
        confirm: t("capture.discard_confirm"),
      }));
    if (!sure) return;
    await Store.delMeta(DRAFT_KEY);
    navigate("#/");
  };
  const discardButton = h(
    "button",
    { type: "button", class: "button button-quiet", id: "discard-round", onclick: discard },
    t("capture.discard")
  );
  return { node: h("div", { class: "save-bar" }, formError, saveButton, discardButton), save };
}

/* The round as PUT /api/v1/est/rounds/<uuid> takes it. */
function body(d) {
  return {
    action_id: d.actionId,
    lat: Math.round(d.position.lat * 1e7) / 1e7,
    lon: Math.round(d.position.lon * 1e7) / 1e7,
    arrived_at: localIsoString(fromLocalInput(d.arrivedAt)),
    left_at: localIsoString(fromLocalInput(d.leftAt)),
    seen: d.seen.trim(),
    no_deviations: d.noDeviations,
  };
}
