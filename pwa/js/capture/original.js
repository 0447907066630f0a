// A photo this phone cannot decode or shrink (HEIC on Android Chromium) is sent as it is: before
// it is queued, the capture screen shows a preview — the JPEG thumbnail embedded in its EXIF
// when there is one, else a tile with its file name — and its size, with a warning when it is
// large for a weak connection. Loaded only when such a photo is picked (capture/photos.js).

import { formatBytes, t } from "../i18n.js";
import { h, icon } from "../ui.js";
import { embeddedThumbnail } from "./exif.js";

// At 0.5 Mbit/s, 3 MB take 48 s: larger files may take minutes on one bar of signal.
export const LARGE_BYTES = 3 * 1000 * 1000;

/* What the list shows of the original: {name, size, url (the thumbnail's, or null)}. */
export async function describe(file) {
  const thumbnail = await embeddedThumbnail(file);
  return {
    name: file.name || "",
    size: file.size,
    url: thumbnail ? URL.createObjectURL(thumbnail) : null,
  };
}

/* The list item: preview, name, size and warning; `removeButton` is the capture list's. */
export function originalItem(photo, alt, removeButton) {
  const large = photo.size > LARGE_BYTES;
  const preview = photo.url
    ? h("img", { src: photo.url, alt, width: 96, height: 96 })
    : h(
        "div",
        { class: "photo-missing", role: "img", "aria-label": alt },
        icon("image"),
        h("span", null, t("capture.original_no_preview"))
      );
  return h(
    "li",
    {
      class: "photo photo-original",
      dataset: { photoId: photo.id, preview: photo.url ? "thumbnail" : "placeholder" },
    },
    h("div", { class: "photo-frame" }, preview, removeButton),
    h(
      "div",
      { class: "photo-facts" },
      h("p", null, h("strong", null, photo.name)),
      h(
        "p",
        { class: "photo-size" },
        t("capture.original_size", { size: formatBytes(photo.size) })
      ),
      large
        ? h(
            "p",
            { class: "warning photo-warning" },
            icon("alert"),
            " ",
            t("capture.original_large")
          )
        : null
    )
  );
}
