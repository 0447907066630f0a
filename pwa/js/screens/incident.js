// Registrera händelse: a partner's staff records an incident for the weekly EST meeting in a few
// taps, with or without a network — its type, when it happened (now, or an hour ago), where
// (the capture screen's position card) and an optional short note that names no one. Saved into
// the outbox (kind "incident") and sent with PUT /api/v1/incidents/<uuid> when possible.
//
// The draft lives in this module while the app is open, so going to another screen and back
// keeps it; saving or discarding starts a new one.

import { get } from "../api.js";
import { positionPicker } from "../capture/position.js";
import { formatDateTime, locale, t } from "../i18n.js";
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
import { incidentTypes } from "./field-lists.js";

const NOTE_MAX = 500;
const AGO_MINUTES = [0, 30, 60, 120];

let draft = null;

/* `when` follows the clock until the user sets it (a draft kept while the app is open). */
function newDraft() {
  return {
    id: uuid(),
    type: null,
    when: toLocalInput(new Date()),
    whenSet: false,
    position: null,
    photoPosition: null,
    note: "",
  };
}

/* The types as last fetched, fetched anew when there are none in the reader's language and the
   network is there. */
async function loadTypes() {
  const cached = await incidentTypes();
  if (cached?.items.length && (cached.locale === locale() || !navigator.onLine))
    return cached.items;
  try {
    const items = await get("/api/v1/incident-types", { timeoutMs: 8000 });
    await self.LyktaStore.setMeta("incident_types", { locale: locale(), items });
    return items;
  } catch {
    return cached?.items || [];
  }
}

export async function render({ navigate }) {
  if (!draft) draft = newDraft();
  if (!draft.whenSet) draft.when = toLocalInput(new Date());
  const shared = { draft, destroyed: false };
  const types = await loadTypes();
  const type = typePicker(draft, types);
  const when = whenPicker(draft);
  const position = positionPicker(shared, { onMove: () => {}, onMap: () => {} });
  const note = noteCard(draft);
  const bar = saveBar(draft, { type, when, position, note }, navigate);
  const node = h(
    "form",
    {
      class: "screen screen-incident",
      novalidate: true,
      onsubmit: bar.save,
      "aria-labelledby": "incident-title",
    },
    h("h1", { id: "incident-title", tabindex: "-1" }, t("incident.title")),
    h("p", { class: "lead" }, t("incident.lead")),
    type.node,
    when.node,
    position.node,
    note.node,
    bar.node
  );
  position.draw();
  position.resume();
  return {
    title: t("incident.title"),
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

/* The types as radio buttons; need() says one must be chosen. */
function typePicker(d, types) {
  const group = choices({
    id: "incident-type",
    legend: t("incident.type_legend"),
    options: types.map((type) => ({ value: type.code, label: type.name })),
    value: d.type,
    onChange: (value) => {
      d.type = value;
    },
    empty: t("incident.no_types"),
  });
  return {
    node: h("section", { class: "card" }, group.node),
    need: () => group.need(t("incident.need_type")),
  };
}

/* When it happened: quick choices (now, 30 min, 1 h, 2 h ago) that fill in the date and time,
   which can also be typed. */
function whenPicker(d) {
  const field = datetimeField({
    id: "incident-when",
    label: t("incident.when_label"),
    hint: t("incident.when_hint"),
    value: d.when,
    onInput: (value) => {
      d.when = value;
      d.whenSet = true;
    },
  });
  const quick = AGO_MINUTES.map((minutes) =>
    h(
      "button",
      {
        type: "button",
        class: "button",
        dataset: { ago: minutes },
        onclick: () => {
          const at = new Date(Date.now() - minutes * 60000);
          field.set(toLocalInput(at));
          announce(t("incident.when_set", { time: formatDateTime(at) }));
        },
      },
      minutes ? t("incident.ago", { time: agoText(minutes) }) : t("incident.now")
    )
  );
  const node = h(
    "section",
    { class: "card stack", "aria-labelledby": "incident-when-title" },
    h("h2", { id: "incident-when-title" }, t("incident.when_title")),
    h(
      "div",
      { class: "button-row", role: "group", "aria-label": t("incident.quick_label") },
      quick
    ),
    field.node
  );
  return { node, need: field.need };
}

function agoText(minutes) {
  return minutes < 60
    ? t("incident.minutes", { count: minutes })
    : t("incident.hours", { count: minutes / 60 });
}

/* The note, with the warning against names and personnummer next to it. */
function noteCard(d) {
  const error = h("p", { class: "field-error", id: "incident-note-error", role: "alert" });
  const note = h("textarea", {
    id: "incident-note",
    rows: 3,
    maxlength: NOTE_MAX,
    "aria-describedby": "incident-note-warning incident-note-error",
    oninput: (event) => {
      d.note = event.target.value;
      error.textContent = "";
      note.removeAttribute("aria-invalid");
    },
  });
  note.value = d.note;
  const node = h(
    "section",
    { class: "card stack" },
    h("label", { for: "incident-note", class: "label-heading" }, t("incident.note_label")),
    h("p", { class: "warning", id: "incident-note-warning" }, t("incident.note_warning")),
    note,
    error
  );
  return {
    node,
    need: (text) => {
      error.textContent = text;
      note.setAttribute("aria-invalid", "true");
      note.focus();
    },
  };
}

/* Check what the server would refuse, then into the outbox and home. */
function saveBar(d, parts, navigate) {
  const formError = h("p", { class: "form-error", id: "incident-error", role: "alert" });
  const saveButton = h(
    "button",
    {
      type: "submit",
      class: "button button-primary button-block button-large",
      id: "save-incident",
    },
    withIcon("check", t("incident.save"))
  );
  let saving = false;

  function problem() {
    if (!d.type) return ["need_type", () => parts.type.need()];
    const when = fromLocalInput(d.when);
    if (!when) return ["need_when", () => parts.when.need(t("incident.need_when"))];
    if (when.getTime() > Date.now() + 60000) {
      return ["future", () => parts.when.need(t("incident.future"))];
    }
    if (!d.position) return ["need_position", () => parts.position.need()];
    if (looksLikeIdentityNumber(d.note)) {
      return ["identity_number", () => parts.note.need(t("incident.identity_number"))];
    }
    return null;
  }

  async function save(event) {
    event.preventDefault();
    if (saving) return;
    formError.textContent = "";
    const found = problem();
    if (found) {
      formError.textContent = t(`incident.${found[0]}`);
      found[1]();
      return;
    }
    saving = true;
    try {
      await outbox.enqueue(d.id, body(d), [], "incident");
    } catch {
      saving = false;
      formError.textContent = t("capture.save_failed");
      return;
    }
    draft = null;
    state.flash = navigator.onLine ? t("incident.saved_online") : t("incident.saved_offline");
    navigate("#/");
  }

  const discardButton = h(
    "button",
    {
      type: "button",
      class: "button button-quiet",
      id: "discard-incident",
      onclick: async () => {
        const sure =
          !(d.type || d.note) ||
          (await confirmDialog({
            title: t("incident.discard_title"),
            text: t("incident.discard_text"),
            confirm: t("capture.discard_confirm"),
          }));
        if (!sure) return;
        draft = null;
        navigate("#/");
      },
    },
    t("capture.discard")
  );
  return { node: h("div", { class: "save-bar" }, formError, saveButton, discardButton), save };
}

/* The incident as PUT /api/v1/incidents/<uuid> takes it. */
function body(d) {
  return {
    type: d.type,
    occurred_at: localIsoString(fromLocalInput(d.when)),
    lat: Math.round(d.position.lat * 1e7) / 1e7,
    lon: Math.round(d.position.lon * 1e7) / 1e7,
    note: d.note.trim(),
  };
}
