// The capture screen's nearby findings, each with its thumbnail and note when the user may read
// it, and "Samma sak" (loaded once the list has something): the user's photos are
// added to the finding already reported (PUT …/photos/<id>?kind=added, safe to repeat by the
// photo's id) when they may add to it and the phone is online; otherwise, or if the link drops
// on the way, their finding is saved into the outbox marked as the same (same_as: the nearby
// list's ref, or the id of a finding the phone knows), for the coordinator's triage queue.

import { putBytes } from "../api.js";
import { t } from "../i18n.js";
import * as outbox from "../outbox.js";
import { localIsoString, uuid } from "../photos.js";
import { state } from "../session.js";
import { announce, h } from "../ui.js";

/* The photo, note and button of each finding listed (nearby.js lists the first ten in order). */
export function decorate(box, found, shared) {
  const items = box.querySelectorAll(".nearby-item");
  found.slice(0, items.length).forEach((item, index) => {
    const same = !item.outbox && !item.mine && (item.ref || item.id);
    const label = item.may_add_photo ? "capture.same_add" : "capture.same_link";
    items[index].prepend(
      item.thumbnail_url
        ? h("img", {
            src: item.thumbnail_url,
            alt: t("capture.nearby_photo"),
            width: 64,
          })
        : ""
    );
    items[index].append(
      item.note ? h("p", { class: "nearby-note" }, item.note) : "",
      same
        ? h(
            "button",
            {
              type: "button",
              class: "button same-thing",
              onclick: (event) => sameThing(shared, item, event.currentTarget),
            },
            t(label)
          )
        : ""
    );
  });
}

export async function sameThing(shared, item, button) {
  const d = shared.draft;
  if (button.getAttribute("aria-busy")) return;
  button.setAttribute("aria-busy", "true");
  await shared.photosDone;
  try {
    if (item.may_add_photo && item.id && d.photos.length && navigator.onLine) {
      if (await addPhotos(item.id, d.photos, button)) return finish(d, t("capture.same_added"));
    }
    if (!d.category || !d.position) return;
    // Fresh photo ids: some may already be stored with the other finding.
    const photos = d.photos.map((p) => ({ id: uuid(), type: p.type, data: p.data }));
    await outbox.enqueue(d.id, body(d, item.ref || item.id, photos), photos);
    finish(d, navigator.onLine ? t("capture.same_linked") : t("capture.same_linked_offline"));
  } catch {
    announce(t("capture.save_failed"));
  } finally {
    button.removeAttribute("aria-busy");
  }
}

/* True once every photo is stored; false if the link dropped (then the finding is saved
   instead). A refusal by the server is shown and thrown. */
async function addPhotos(findingId, photos, button) {
  for (const photo of photos) {
    const path = `/api/v1/findings/${findingId}/photos/${photo.id}?kind=added`;
    try {
      await putBytes(path, photo.data, photo.type, { timeoutMs: 120000 });
    } catch (error) {
      if (error.status === 0) return false;
      button.after(
        Object.assign(document.createElement("p"), {
          role: "alert",
          className: "form-error",
          textContent: error.message,
        })
      );
      throw error;
    }
  }
  return true;
}

function body(d, sameAs, photos) {
  return {
    category: d.category,
    note: d.note.trim(),
    lat: Math.round(d.position.lat * 1e7) / 1e7,
    lon: Math.round(d.position.lon * 1e7) / 1e7,
    accuracy_m: d.position.accuracy === null ? null : Math.round(d.position.accuracy * 10) / 10,
    captured_at: localIsoString(d.firstPhotoAt || new Date()),
    walk_id: d.walkId,
    photos: photos.map((photo) => photo.id),
    same_as: String(sameAs),
  };
}

/* The draft starts afresh (the capture screen keeps its object) and home says what happened. */
function finish(d, message) {
  for (const photo of d.photos) if (photo.url) URL.revokeObjectURL(photo.url);
  Object.assign(d, {
    id: uuid(),
    category: null,
    photos: [],
    note: "",
    position: null,
    photoPosition: null,
    firstPhotoAt: null,
  });
  state.flash = message;
  location.hash = "#/";
}
