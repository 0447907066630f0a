// The capture screen's photos: the camera or the gallery, each photo shrunk on the device (and
// its position read when it comes from the gallery), shown with a button that removes it. The
// EXIF reader and the tile of a photo kept in its original format (HEIC on Android) are loaded
// only when needed (exif.js, original.js).

import { t, tn } from "../i18n.js";
import { PhotoError, shrink, uuid } from "../photos.js";
import { announce, h, icon, withIcon } from "../ui.js";

const MAX_PHOTOS = 10;
let originals = null; // original.js, once a photo needed it

/* The photos' card. `onDrawn` runs after each drawing of the list (a photo's position may have
   come with it). shared.photosDone is the work still under way, which saving waits for. */
export function photoPicker(shared, onDrawn) {
  const { draft } = shared;
  shared.photosDone = Promise.resolve();
  const list = h("ul", { class: "photo-list", id: "photo-list" });
  const status = h("p", { class: "hint", id: "photo-status", "aria-live": "polite" });
  const input = (source, props) =>
    h("input", {
      type: "file",
      accept: "image/*",
      class: "file-input",
      ...props,
      onchange: (event) => addPhotos(event.target, source),
    });
  const camera = input("camera", { capture: "environment", id: "photo-camera" });
  const gallery = input("gallery", { multiple: true, id: "photo-gallery" });

  function draw() {
    list.replaceChildren(
      ...draft.photos.map((photo, index) =>
        photoItem(photo, index, draft.photos.length, removePhoto)
      )
    );
    status.textContent = draft.photos.length
      ? tn("capture.photo_count", draft.photos.length)
      : t("capture.no_photos");
    onDrawn();
  }

  function addPhotos(input, source) {
    const files = Array.from(input.files || []);
    input.value = "";
    if (!files.length) return;
    const work = shared.photosDone.then(async () => {
      for (const file of files) {
        if (draft.photos.length >= MAX_PHOTOS) {
          status.textContent = t("capture.photo_limit", { max: MAX_PHOTOS });
          break;
        }
        await addPhoto(file, source);
      }
      document.body.dataset.photoWork = "idle";
    });
    shared.photosDone = work.catch(() => {});
  }

  async function addPhoto(file, source) {
    status.textContent = t("capture.photo_working");
    document.body.dataset.photoWork = "busy";
    try {
      // A lazy module that did not arrive (offline before it was kept) costs its extra only.
      if (source === "gallery" && !draft.photoPosition) {
        const exif = await import("./exif.js").catch(() => null);
        draft.photoPosition = exif && (await exif.exifPosition(file));
      }
      const shrunk = await shrink(file);
      const photo = { id: uuid(), type: shrunk.type, data: shrunk.data, source };
      if (shrunk.original) originals = await import("./original.js").catch(() => originals);
      if (shrunk.original && originals) {
        Object.assign(photo, { original: true }, await originals.describe(file));
      } else {
        photo.url = URL.createObjectURL(new Blob([shrunk.data], { type: shrunk.type }));
      }
      draft.photos.push(photo);
      if (!draft.firstPhotoAt) draft.firstPhotoAt = new Date();
      if (shared.destroyed) return;
      draw();
      announce(tn("capture.photo_added", draft.photos.length));
    } catch (error) {
      status.textContent = t(error instanceof PhotoError ? error.reason : "photo.error_decode");
    }
  }

  function removePhoto(id) {
    const index = draft.photos.findIndex((photo) => photo.id === id);
    if (index < 0) return;
    if (draft.photos[index].url) URL.revokeObjectURL(draft.photos[index].url);
    draft.photos.splice(index, 1);
    draw();
    announce(t("capture.photo_removed"));
    (list.querySelector(".photo-remove") || gallery).focus();
  }

  const node = h(
    "section",
    { class: "card stack", "aria-labelledby": "photos-title" },
    h("h2", { id: "photos-title" }, t("capture.photos_title")),
    h(
      "div",
      { class: "photo-actions" },
      camera,
      h(
        "label",
        { for: "photo-camera", class: "button button-primary" },
        withIcon("camera", t("capture.take_photo"))
      ),
      gallery,
      h(
        "label",
        { for: "photo-gallery", class: "button" },
        withIcon("image", t("capture.pick_photo"))
      )
    ),
    list,
    status,
    h("p", { class: "hint" }, t("capture.people_hint"))
  );
  return { node, draw };
}

/* A photo in the list, with a button that removes it. */
function photoItem(photo, index, count, remove) {
  const alt = t("capture.photo_alt", { number: index + 1, count });
  const removeButton = h(
    "button",
    {
      type: "button",
      class: "button button-icon photo-remove",
      "aria-label": t("capture.photo_remove", { number: index + 1 }),
      onclick: () => remove(photo.id),
    },
    icon("x")
  );
  if (photo.original) return originals.originalItem(photo, alt, removeButton);
  return h(
    "li",
    { class: "photo", dataset: { photoId: photo.id } },
    h("img", { src: photo.url, alt, width: 96, height: 96 }),
    removeButton
  );
}
