// Capture a finding in a few taps: category, photos (camera or gallery), a note, the position
// from the Geolocation API with its accuracy (a pin to move, coordinates to type), the open
// findings nearby so a duplicate can be avoided, and save: into the outbox, sent when possible.
//
// The draft lives in this module while the app is open, so going to another screen and back
// keeps it (photos too); saving or discarding starts a new one.

import { get } from "../api.js";
import { formatCoordinates, formatDateTime, formatNumber, locale, t, tn } from "../i18n.js";
import { createMap, distanceM, dotIcon, offsetM, pinIcon } from "../map.js";
import * as outbox from "../outbox.js";
import { exifPosition, localIsoString, PhotoError, shrink, uuid } from "../photos.js";
import { activeCategories, findings as syncedFindings } from "../pull.js";
import { loadConfig, state } from "../session.js";
import { announce, confirmDialog, h, icon, withIcon } from "../ui.js";

const Store = self.LyktaStore;
const WARN_ACCURACY_M = 50;
const GOOD_ENOUGH_M = 5; // ODK's default: accept at once
const MAX_PHOTOS = 10;
const OPEN_STATUSES = new Set(["ny", "granskad", "skickad", "mottagen", "planerad", "ej vårt ansvar"]);

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

export function categoryName(category) {
  return locale() === "sv" ? category.name_sv : category.name_en;
}

/* Long category names ("a/b c") may break after the slash on a narrow tile. */
function breakable(text) {
  return text.split("/").flatMap((part, index) => (index ? ["/", h("wbr"), part] : [part]));
}

export async function render({ params, navigate }) {
  const walkId = params.get("walk") ? Number(params.get("walk")) : null;
  if (!draft) draft = newDraft(walkId);
  draft.walkId = walkId;
  const d = draft;
  const categories = await activeCategories();
  const walk = walkId ? await Store.get("walks", walkId) : null;
  let processing = Promise.resolve();
  let watchId = null;
  let mapParts = null; // {L, map, pin, circle, nearbyLayer}
  let nearbyTimer = null;
  let nearbyToken = 0;
  let destroyed = false;

  // --- Category -------------------------------------------------------------------------
  const categoryError = h("p", { class: "field-error", id: "category-error", hidden: true });
  const categoryFieldset = h(
    "fieldset",
    { class: "category-grid", id: "category-group", "aria-describedby": "category-error" },
    h("legend", null, h("h2", { class: "legend-heading" }, t("capture.category_legend"))),
    categories.length
      ? categories.map((category) =>
          h(
            "div",
            { class: category.positive ? "category category-positive" : "category" },
            h("input", {
              type: "radio",
              name: "category",
              id: `category-${category.code}`,
              value: category.code,
              class: "category-input",
              checked: d.category === category.code,
              onchange: () => {
                d.category = category.code;
                categoryError.hidden = true;
                scheduleNearby();
              },
            }),
            h(
              "label",
              { for: `category-${category.code}`, class: "category-tile" },
              icon(category.icon, "icon category-icon"),
              h("span", { class: "category-name" }, breakable(categoryName(category))),
              category.positive ? h("span", { class: "category-hint" }, t("capture.positive_hint")) : null,
              icon("check", "icon category-check")
            )
          )
        )
      : h("p", { class: "notice" }, t("capture.no_categories")),
    categoryError
  );

  // --- Photos ---------------------------------------------------------------------------
  const photoList = h("ul", { class: "photo-list", id: "photo-list" });
  const photoStatus = h("p", { class: "hint", id: "photo-status", "aria-live": "polite" });
  const cameraInput = h("input", {
    type: "file",
    accept: "image/*",
    capture: "environment",
    id: "photo-camera",
    class: "file-input",
    onchange: (event) => addPhotos(event.target, "camera"),
  });
  const galleryInput = h("input", {
    type: "file",
    accept: "image/*",
    multiple: true,
    id: "photo-gallery",
    class: "file-input",
    onchange: (event) => addPhotos(event.target, "gallery"),
  });

  function drawPhotos() {
    photoList.replaceChildren(
      ...d.photos.map((photo, index) =>
        h(
          "li",
          { class: "photo", dataset: { photoId: photo.id } },
          h("img", {
            src: photo.url,
            alt: t("capture.photo_alt", { number: index + 1, count: d.photos.length }),
            width: 96,
            height: 96,
          }),
          h(
            "button",
            {
              type: "button",
              class: "button button-icon photo-remove",
              "aria-label": t("capture.photo_remove", { number: index + 1 }),
              onclick: () => removePhoto(photo.id),
            },
            icon("x")
          )
        )
      )
    );
    photoStatus.textContent = d.photos.length ? tn("capture.photo_count", d.photos.length) : t("capture.no_photos");
    usePhotoPosition.hidden = !d.photoPosition || (d.position && d.position.source === "photo");
  }

  function addPhotos(input, source) {
    const files = Array.from(input.files || []);
    input.value = "";
    if (!files.length) return;
    const work = processing.then(async () => {
      for (const file of files) {
        if (d.photos.length >= MAX_PHOTOS) {
          photoStatus.textContent = t("capture.photo_limit", { max: MAX_PHOTOS });
          break;
        }
        photoStatus.textContent = t("capture.photo_working");
        document.body.dataset.photoWork = "busy";
        try {
          if (source === "gallery" && !d.photoPosition) d.photoPosition = await exifPosition(file);
          const shrunk = await shrink(file);
          d.photos.push({
            id: uuid(),
            type: shrunk.type,
            data: shrunk.data,
            url: URL.createObjectURL(new Blob([shrunk.data], { type: shrunk.type })),
            source,
          });
          if (!d.firstPhotoAt) d.firstPhotoAt = new Date();
          if (destroyed) continue;
          drawPhotos();
          announce(tn("capture.photo_added", d.photos.length));
        } catch (error) {
          photoStatus.textContent = t(error instanceof PhotoError ? error.reason : "photo.error_decode");
        }
      }
      document.body.dataset.photoWork = "idle";
    });
    processing = work.catch(() => {});
  }

  function removePhoto(id) {
    const index = d.photos.findIndex((photo) => photo.id === id);
    if (index < 0) return;
    URL.revokeObjectURL(d.photos[index].url);
    d.photos.splice(index, 1);
    drawPhotos();
    announce(t("capture.photo_removed"));
    (photoList.querySelector(".photo-remove") || galleryInput).focus();
  }

  // --- Note -----------------------------------------------------------------------------
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

  // --- Position -------------------------------------------------------------------------
  const positionText = h("p", { class: "position-text", id: "position-text", "aria-live": "polite" });
  const accuracyWarning = h(
    "p",
    { class: "warning", id: "accuracy-warning", hidden: true },
    icon("alert"),
    h("span", { id: "accuracy-warning-text" })
  );
  const mapBox = h("div", { class: "map", id: "capture-map", role: "region", "aria-label": t("capture.map_label") });
  const mapStatus = h("p", { class: "hint", id: "map-status" }, t("capture.map_waiting"));
  const latInput = h("input", { id: "coord-lat", type: "text", inputmode: "decimal", autocomplete: "off" });
  const lonInput = h("input", { id: "coord-lon", type: "text", inputmode: "decimal", autocomplete: "off" });
  const coordError = h("p", { class: "field-error", id: "coord-error", role: "alert" });
  const usePhotoPosition = h(
    "button",
    {
      type: "button",
      class: "button",
      id: "use-photo-position",
      hidden: true,
      onclick: () => {
        if (!d.photoPosition) return;
        stopWatching();
        setPosition({ ...d.photoPosition, accuracy: null, source: "photo" }, true);
        announce(t("capture.position_from_photo"));
      },
    },
    withIcon("image", t("capture.use_photo_position"))
  );

  function drawPosition() {
    const p = d.position;
    if (!p) {
      positionText.textContent = navigator.geolocation ? t("capture.position_waiting") : t("capture.position_unsupported");
      accuracyWarning.hidden = true;
      document.body.dataset.position = "none";
      return;
    }
    const coordinates = formatCoordinates(p.lat, p.lon);
    if (p.source === "gps") {
      positionText.textContent = t("capture.position_gps", { coordinates, accuracy: formatNumber(p.accuracy) });
    } else {
      positionText.textContent = t(`capture.position_${p.source}`, { coordinates });
    }
    const inaccurate = p.source === "gps" && p.accuracy > WARN_ACCURACY_M;
    accuracyWarning.hidden = !inaccurate;
    if (inaccurate) {
      accuracyWarning.querySelector("#accuracy-warning-text").textContent = t("capture.accuracy_warning", {
        accuracy: formatNumber(p.accuracy),
      });
    }
    latInput.value = p.lat.toFixed(6);
    lonInput.value = p.lon.toFixed(6);
    document.body.dataset.position = p.source;
    usePhotoPosition.hidden = !d.photoPosition || p.source === "photo";
  }

  function setPosition(position, moveMap) {
    d.position = position;
    drawPosition();
    scheduleNearby();
    if (!mapParts) {
      showMap();
    } else {
      mapParts.pin.setLatLng([position.lat, position.lon]);
      drawAccuracy();
      if (moveMap) mapParts.map.panTo([position.lat, position.lon]);
    }
  }

  function startWatching() {
    if (!navigator.geolocation) {
      drawPosition();
      return;
    }
    stopWatching();
    document.body.dataset.geolocation = "watching";
    watchId = navigator.geolocation.watchPosition(
      (fix) => {
        const accuracy = fix.coords.accuracy;
        const old = d.position;
        if (old && old.source !== "gps") return;
        // Keep the better fix, unless the old one has grown stale.
        if (old && accuracy > old.accuracy && Date.now() - old.at < 15000) return;
        setPosition(
          { lat: fix.coords.latitude, lon: fix.coords.longitude, accuracy, source: "gps", at: Date.now() },
          true
        );
        if (accuracy <= GOOD_ENOUGH_M) stopWatching();
      },
      (error) => {
        document.body.dataset.geolocation = "failed";
        if (!d.position) {
          positionText.textContent =
            error.code === error.PERMISSION_DENIED ? t("capture.position_denied") : t("capture.position_failed");
        }
      },
      { enableHighAccuracy: true, maximumAge: 10000, timeout: 30000 }
    );
  }

  function stopWatching() {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    watchId = null;
  }

  function manualPosition(lat, lon) {
    stopWatching();
    setPosition({ lat, lon, accuracy: null, source: "manual", at: Date.now() }, false);
  }

  async function showMap() {
    if (mapParts || !d.position || destroyed || !mapBox.isConnected) return;
    mapParts = {}; // reserved while Leaflet loads
    try {
      const { L, map } = await createMap(mapBox, {
        config: await loadConfig(),
        center: [d.position.lat, d.position.lon],
        zoom: 18,
        onTiles: (status) => {
          mapBox.dataset.tiles = status;
          mapStatus.textContent = status === "loaded" ? t("capture.map_hint") : t("capture.map_no_tiles");
        },
      });
      if (destroyed) return map.remove();
      const pin = L.marker([d.position.lat, d.position.lon], {
        draggable: true,
        keyboard: true,
        autoPan: true,
        icon: pinIcon(L),
        title: t("capture.pin_title"),
      }).addTo(map);
      pin.on("dragend", () => {
        const at = pin.getLatLng();
        manualPosition(at.lat, at.lng);
        announce(t("capture.pin_moved"));
      });
      const element = pin.getElement();
      element.setAttribute("aria-label", t("capture.pin_label"));
      element.addEventListener("keydown", (event) => {
        const step = event.shiftKey ? 10 : 2;
        const moves = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
        const move = moves[event.key];
        if (!move) return;
        event.preventDefault();
        event.stopPropagation();
        const moved = offsetM(d.position.lat, d.position.lon, move[0], move[1]);
        manualPosition(moved.lat, moved.lon);
      });
      const nearbyLayer = L.layerGroup().addTo(map);
      mapParts = { L, map, pin, circle: null, nearbyLayer };
      drawAccuracy();
      if (mapBox.dataset.tiles !== "failed" && mapBox.dataset.tiles !== "loaded") mapStatus.textContent = t("capture.map_hint");
      drawNearbyOnMap(lastNearby);
    } catch (error) {
      mapParts = null;
      mapBox.hidden = true;
      mapStatus.textContent = t("capture.map_unavailable");
    }
  }

  function drawAccuracy() {
    if (!mapParts || !mapParts.map) return;
    const { L, map } = mapParts;
    if (mapParts.circle) mapParts.circle.remove();
    mapParts.circle = null;
    if (d.position.source === "gps" && d.position.accuracy) {
      mapParts.circle = L.circle([d.position.lat, d.position.lon], {
        radius: d.position.accuracy,
        className: "accuracy-circle",
        interactive: false,
      }).addTo(map);
    }
  }

  const coordinates = h(
    "details",
    { class: "coordinates" },
    h("summary", null, t("capture.coordinates_summary")),
    h(
      "div",
      { class: "coordinate-fields" },
      h("div", { class: "field" }, h("label", { for: "coord-lat" }, t("capture.latitude")), latInput),
      h("div", { class: "field" }, h("label", { for: "coord-lon" }, t("capture.longitude")), lonInput),
      coordError,
      h(
        "button",
        {
          type: "button",
          class: "button",
          id: "use-coordinates",
          onclick: () => {
            const lat = Number(latInput.value.replace(",", "."));
            const lon = Number(lonInput.value.replace(",", "."));
            if (!latInput.value || !lonInput.value || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
              coordError.textContent = t("capture.coordinates_invalid");
              return;
            }
            coordError.textContent = "";
            manualPosition(lat, lon);
            if (mapParts && mapParts.map) mapParts.map.panTo([lat, lon]);
            announce(t("capture.position_set"));
          },
        },
        t("capture.use_coordinates")
      )
    )
  );

  // --- Nearby ---------------------------------------------------------------------------
  const nearbyBox = h("div", { id: "nearby", "aria-live": "polite" });
  let lastNearby = [];

  function scheduleNearby() {
    clearTimeout(nearbyTimer);
    nearbyTimer = setTimeout(loadNearby, 300);
  }

  async function loadNearby() {
    if (!d.category || !d.position) {
      nearbyBox.replaceChildren(h("p", { class: "hint" }, t("capture.nearby_pick")));
      nearbyBox.dataset.state = "idle";
      return;
    }
    const token = ++nearbyToken;
    const category = categories.find((c) => c.code === d.category);
    let found = null;
    let source = "server";
    if (navigator.onLine) {
      try {
        const query = new URLSearchParams({ lat: d.position.lat, lon: d.position.lon, category: d.category });
        found = await get(`/api/v1/findings/nearby?${query}`, { timeoutMs: 8000 });
      } catch (error) {
        found = null;
      }
    }
    if (found === null) {
      source = "device";
      found = await nearbyOnDevice(category);
    }
    if (token !== nearbyToken || destroyed) return;
    found = found.filter((item) => item.id !== d.id);
    lastNearby = found;
    nearbyBox.dataset.state = "done";
    nearbyBox.dataset.source = source;
    const list = found.length
      ? [
          h("p", { class: "notice" }, icon("alert"), " ", tn("capture.nearby_found", found.length)),
          h("ul", { class: "nearby-list" }, found.slice(0, 10).map(nearbyItem)),
          h("p", { class: "hint" }, t("capture.nearby_advice")),
        ]
      : [h("p", { class: "hint" }, t("capture.nearby_none"))];
    if (source === "device") list.push(h("p", { class: "hint" }, t("capture.nearby_offline")));
    nearbyBox.replaceChildren(...list);
    drawNearbyOnMap(found);
  }

  function nearbyItem(item) {
    return h(
      "li",
      { class: "nearby-item" },
      h("strong", null, t("capture.nearby_distance", { distance: formatNumber(item.distance_m) })),
      " · ",
      item.outbox ? t("status.in_outbox") : t(`status.${item.status}`),
      " · ",
      formatDateTime(item.captured_at),
      item.mine ? ` · ${t("capture.nearby_mine")}` : null
    );
  }

  async function nearbyOnDevice(category) {
    const radius = (category && category.nearby_radius_m) || 50;
    const near = (item, lat, lon) => {
      const distance = distanceM(d.position.lat, d.position.lon, lat, lon);
      return distance <= radius ? { ...item, distance_m: Math.round(distance) } : null;
    };
    const fromSync = (await syncedFindings())
      .filter((f) => f.category === d.category && OPEN_STATUSES.has(f.status) && f.lat !== null)
      .map((f) => near({ id: f.id, status: f.status, captured_at: f.captured_at, mine: f.mine, lat: f.lat, lon: f.lon }, f.lat, f.lon));
    const fromOutbox = (await outbox.items())
      .filter((item) => item.body.category === d.category && item.state !== "sent" && item.body.lat !== null)
      .map((item) =>
        near(
          { id: item.id, status: "ny", outbox: true, captured_at: item.body.captured_at, mine: true, lat: item.body.lat, lon: item.body.lon },
          item.body.lat,
          item.body.lon
        )
      );
    return [...fromSync, ...fromOutbox].filter(Boolean).sort((a, b) => a.distance_m - b.distance_m);
  }

  function drawNearbyOnMap(found) {
    if (!mapParts || !mapParts.nearbyLayer) return;
    mapParts.nearbyLayer.clearLayers();
    for (const item of found) {
      mapParts.L.marker([item.lat, item.lon], {
        icon: dotIcon(mapParts.L, "map-dot-nearby"),
        keyboard: false,
        interactive: false,
      }).addTo(mapParts.nearbyLayer);
    }
  }

  // --- Save -----------------------------------------------------------------------------
  const formError = h("p", { class: "form-error", id: "capture-error", role: "alert" });
  const saveButton = h("button", { type: "submit", class: "button button-primary button-block button-large", id: "save-finding" }, withIcon("check", t("capture.save")));

  let saving = false;

  async function save(event) {
    event.preventDefault();
    if (saving) return;
    formError.textContent = "";
    if (!d.category) {
      categoryError.hidden = false;
      categoryError.textContent = t("capture.need_category");
      formError.textContent = t("capture.need_category");
      const first = categoryFieldset.querySelector("input");
      if (first) first.focus();
      return;
    }
    if (!d.position) {
      formError.textContent = t("capture.need_position");
      coordinates.open = true;
      latInput.focus();
      return;
    }
    saving = true;
    saveButton.setAttribute("aria-busy", "true");
    await processing;
    const body = {
      category: d.category,
      note: d.note.trim(),
      lat: Math.round(d.position.lat * 1e7) / 1e7,
      lon: Math.round(d.position.lon * 1e7) / 1e7,
      accuracy_m: d.position.accuracy === null ? null : Math.round(d.position.accuracy * 10) / 10,
      captured_at: localIsoString(d.firstPhotoAt || new Date()),
      walk_id: d.walkId,
      photos: d.photos.map((photo) => photo.id),
    };
    try {
      await outbox.enqueue(
        d.id,
        body,
        d.photos.map((photo) => ({ id: photo.id, type: photo.type, data: photo.data }))
      );
    } catch (error) {
      saving = false;
      saveButton.removeAttribute("aria-busy");
      formError.textContent = t("capture.save_failed");
      return;
    }
    discard();
    state.flash = navigator.onLine ? t("capture.saved_online") : t("capture.saved_offline");
    navigate("#/");
  }

  function discard() {
    for (const photo of d.photos) URL.revokeObjectURL(photo.url);
    if (draft === d) draft = null;
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
        discard();
        navigate("#/");
      },
    },
    t("capture.discard")
  );

  // --- The screen -----------------------------------------------------------------------
  const node = h(
    "form",
    { class: "screen screen-capture", novalidate: true, onsubmit: save, "aria-labelledby": "capture-title" },
    h("h1", { id: "capture-title", tabindex: "-1" }, t("capture.title")),
    h(
      "p",
      { class: "lead", id: "capture-walk" },
      icon("walk"),
      " ",
      walk ? t("capture.in_walk", { title: walk.title }) : t("capture.outside_walk")
    ),
    h("section", { class: "card" }, categoryFieldset),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "photos-title" },
      h("h2", { id: "photos-title" }, t("capture.photos_title")),
      h(
        "div",
        { class: "photo-actions" },
        cameraInput,
        h("label", { for: "photo-camera", class: "button button-primary" }, withIcon("camera", t("capture.take_photo"))),
        galleryInput,
        h("label", { for: "photo-gallery", class: "button" }, withIcon("image", t("capture.pick_photo")))
      ),
      photoList,
      photoStatus,
      h("p", { class: "hint" }, t("capture.people_hint"))
    ),
    h(
      "section",
      { class: "card stack" },
      h("label", { for: "note", class: "label-heading" }, t("capture.note_label")),
      h("p", { class: "hint", id: "note-hint" }, t("capture.note_hint")),
      note
    ),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "position-title" },
      h("h2", { id: "position-title" }, t("capture.position_title")),
      positionText,
      accuracyWarning,
      mapBox,
      mapStatus,
      h(
        "div",
        { class: "button-row" },
        h(
          "button",
          {
            type: "button",
            class: "button",
            id: "use-my-position",
            onclick: () => {
              d.position = null;
              drawPosition();
              startWatching();
              announce(t("capture.position_waiting"));
            },
          },
          withIcon("crosshair", t("capture.use_my_position"))
        ),
        usePhotoPosition
      ),
      coordinates
    ),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "nearby-title" },
      h("h2", { id: "nearby-title" }, t("capture.nearby_title")),
      nearbyBox
    ),
    h("div", { class: "save-bar" }, formError, saveButton, discardButton)
  );

  drawPhotos();
  drawPosition();
  loadNearby();
  if (!d.position || d.position.source === "gps") startWatching();

  return {
    title: t("capture.screen_title"),
    node,
    mounted: () => {
      if (d.position) showMap();
    },
    destroy: () => {
      destroyed = true;
      stopWatching();
      clearTimeout(nearbyTimer);
      if (mapParts && mapParts.map) mapParts.map.remove();
      delete document.body.dataset.position;
      delete document.body.dataset.geolocation;
    },
  };
}
