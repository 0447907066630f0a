// Capture a finding in a few taps: photos (camera or gallery), category, a note, the position
// from the Geolocation API with its accuracy (a pin to move, coordinates to type), the open
// findings nearby so a duplicate can be avoided, and save: into the outbox, sent when possible.
// Each part is a component of its own (pwa/js/capture/); this screen puts them together.
// Home → Ny iakttagelse → Ta foto → category → Spara: four taps (the save bar is sticky).
//
// The draft lives in this module while the app is open, so going to another screen and back
// keeps it (photos too); saving or discarding starts a new one.

import { categoryPicker } from "../capture/categories.js";
import { nearbyFindings } from "../capture/nearby.js";
import { photoPicker } from "../capture/photos.js";
import { positionPicker } from "../capture/position.js";
import { t } from "../i18n.js";
import * as outbox from "../outbox.js";
import { localIsoString, uuid } from "../photos.js";
import { activeCategories } from "../pull.js";
import { state } from "../session.js";
import { confirmDialog, h, icon, withIcon } from "../ui.js";

const Store = self.LyktaStore;

let draft = null;

function newDraft(walkId) {
  return {
    id: uuid(),
    walkId,
    category: null,
    photos: [],
    note: "",
    position: null, // {lat, lon, accuracy, source: gps | manual | photo}
    photoPosition: null,
    firstPhotoAt: null,
  };
}

function isEmpty(d) {
  return !d.category && !d.photos.length && !d.note;
}

export async function render({ params, navigate }) {
  const walkId = params.get("walk") ? Number(params.get("walk")) : null;
  if (!draft) draft = newDraft(walkId);
  draft.walkId = walkId;
  const categories = await activeCategories();
  const walk = walkId ? await Store.get("walks", walkId) : null;
  // What the components share: the draft they fill in, whether the screen is gone, and the
  // photos' work under way (shared.photosDone, see photoPicker).
  const shared = { draft, destroyed: false };
  const nearby = nearbyFindings(shared, categories);
  const category = categoryPicker(shared, categories, nearby.schedule);
  const position = positionPicker(shared, { onMove: nearby.schedule, onMap: nearby.showOn });
  const photos = photoPicker(shared, position.drawPhoto);
  const bar = saveBar(shared, { category, position }, navigate);

  const node = h(
    "form",
    {
      class: "screen screen-capture",
      novalidate: true,
      onsubmit: bar.save,
      "aria-labelledby": "capture-title",
    },
    h("h1", { id: "capture-title", tabindex: "-1" }, t("capture.title")),
    h(
      "p",
      { class: "lead", id: "capture-walk" },
      icon("walk"),
      " ",
      walk ? t("capture.in_walk", { title: walk.title }) : t("capture.outside_walk")
    ),
    photos.node,
    category.node,
    noteCard(shared.draft),
    position.node,
    nearby.node,
    bar.discard,
    bar.node
  );

  photos.draw();
  position.draw();
  nearby.load();
  position.resume();

  return {
    title: t("capture.screen_title"),
    node,
    mounted: () => {
      if (shared.draft.position) position.showMap();
    },
    destroy: () => {
      shared.destroyed = true;
      nearby.destroy();
      position.destroy();
    },
  };
}

function noteCard(d) {
  const note = h("textarea", {
    id: "note",
    name: "note",
    rows: 3,
    maxlength: 4000,
    "aria-describedby": "note-hint",
    oninput: (event) => {
      d.note = event.target.value;
    },
  });
  note.value = d.note;
  return h(
    "section",
    { class: "card stack" },
    h("label", { for: "note", class: "label-heading" }, t("capture.note_label")),
    h("p", { class: "hint", id: "note-hint" }, t("capture.note_hint")),
    note
  );
}

/* The form's error line and the save button (the sticky bar), and the discard button (at the
   form's end); save() is the form's submit: into the outbox, once a category and a position
   are there (and the photos are ready). */
function saveBar(shared, { category, position }, navigate) {
  const d = shared.draft;
  const formError = h("p", { class: "form-error", id: "capture-error", role: "alert" });
  const saveButton = h(
    "button",
    {
      type: "submit",
      class: "button button-primary button-block button-large",
      id: "save-finding",
    },
    withIcon("check", t("capture.save"))
  );
  let saving = false;

  async function save(event) {
    event.preventDefault();
    if (saving) return;
    formError.textContent = "";
    if (!d.category) {
      formError.textContent = t("capture.need_category");
      category.need(t("capture.need_category"));
      return;
    }
    if (!d.position) {
      formError.textContent = t("capture.need_position");
      position.need();
      return;
    }
    saving = true;
    saveButton.setAttribute("aria-busy", "true");
    await shared.photosDone;
    const photos = d.photos.map((photo) => ({ id: photo.id, type: photo.type, data: photo.data }));
    try {
      await outbox.enqueue(d.id, outboxBody(d), photos);
    } catch {
      saving = false;
      saveButton.removeAttribute("aria-busy");
      formError.textContent = t("capture.save_failed");
      return;
    }
    discard(d);
    state.flash = navigator.onLine ? t("capture.saved_online") : t("capture.saved_offline");
    navigate("#/");
  }

  const discardButton = h(
    "button",
    {
      type: "button",
      class: "button button-quiet",
      id: "discard-finding",
      onclick: async () => {
        if (!isEmpty(d)) {
          const sure = await confirmDialog({
            title: t("capture.discard_title"),
            text: t("capture.discard_text"),
            confirm: t("capture.discard_confirm"),
          });
          if (!sure) return;
        }
        discard(d);
        navigate("#/");
      },
    },
    t("capture.discard")
  );
  return {
    node: h("div", { class: "save-bar" }, formError, saveButton),
    discard: discardButton,
    save,
  };
}

/* The finding as the API takes it. */
function outboxBody(d) {
  return {
    category: d.category,
    note: d.note.trim(),
    lat: Math.round(d.position.lat * 1e7) / 1e7,
    lon: Math.round(d.position.lon * 1e7) / 1e7,
    accuracy_m: d.position.accuracy === null ? null : Math.round(d.position.accuracy * 10) / 10,
    captured_at: localIsoString(d.firstPhotoAt || new Date()),
    walk_id: d.walkId,
    photos: d.photos.map((photo) => photo.id),
  };
}

function discard(d) {
  for (const photo of d.photos) URL.revokeObjectURL(photo.url);
  if (draft === d) draft = null;
}
