// The capture screen's position: the Geolocation API's fix with its accuracy, a map with a pin
// to drag (or move with the arrow keys), coordinates to type, or the position of a photo.

import { formatCoordinates, formatNumber, t } from "../i18n.js";
import { createMap, offsetM, pinIcon } from "../map.js";
import { loadConfig } from "../session.js";
import { announce, h, icon, withIcon } from "../ui.js";

const WARN_ACCURACY_M = 50;
const GOOD_ENOUGH_M = 5; // ODK's default: accept at once

/* The position's card. `onMove` runs whenever the draft's position changes; `onMap(L, map)`
   once the map is drawn. Gives the card and what the screen drives: draw() and resume() to
   begin, showMap() once the screen is in the page, need() to ask for a position, drawPhoto()
   when a photo brought a position, stop() to stop following the device, destroy(). */
export function positionPicker(shared, { onMove, onMap }) {
  const { draft } = shared;
  const text = h("p", { class: "position-text", id: "position-text", "aria-live": "polite" });
  const warning = h(
    "p",
    { class: "warning", id: "accuracy-warning", hidden: true },
    icon("alert"),
    h("span", { id: "accuracy-warning-text" })
  );
  const map = pinMap(shared, onMap, setByHand);
  const gps = deviceWatch(draft, {
    onFix: (position) => setPosition(position, true),
    onFail: (error) => {
      if (draft.position) return;
      text.textContent =
        error.code === error.PERMISSION_DENIED
          ? t("capture.position_denied")
          : t("capture.position_failed");
    },
    onUnsupported: () => draw(),
  });
  const coordinates = coordinateFields((lat, lon) => {
    setByHand(lat, lon);
    map.panTo(lat, lon);
    announce(t("capture.position_set"));
  });
  const fromPhoto = button(
    "use-photo-position",
    withIcon("image", t("capture.use_photo_position")),
    () => {
      if (!draft.photoPosition) return;
      gps.stop();
      setPosition({ ...draft.photoPosition, accuracy: null, source: "photo" }, true);
      announce(t("capture.position_from_photo"));
    }
  );
  fromPhoto.hidden = true;
  const fromDevice = button(
    "use-my-position",
    withIcon("crosshair", t("capture.use_my_position")),
    () => {
      draft.position = null;
      draw();
      gps.start();
      announce(t("capture.position_waiting"));
    }
  );

  function draw() {
    const p = draft.position;
    if (!p) {
      text.textContent = navigator.geolocation
        ? t("capture.position_waiting")
        : t("capture.position_unsupported");
      warning.hidden = true;
      document.body.dataset.position = "none";
      return;
    }
    text.textContent = describe(p);
    const inaccurate = p.source === "gps" && p.accuracy > WARN_ACCURACY_M;
    warning.hidden = !inaccurate;
    if (inaccurate) {
      warning.querySelector("#accuracy-warning-text").textContent = t("capture.accuracy_warning", {
        accuracy: formatNumber(p.accuracy),
      });
    }
    coordinates.show(p);
    document.body.dataset.position = p.source;
    fromPhoto.hidden = !draft.photoPosition || p.source === "photo";
  }

  function drawPhoto() {
    const position = draft.position;
    fromPhoto.hidden = !draft.photoPosition || (position && position.source === "photo");
  }

  function setPosition(position, pan) {
    draft.position = position;
    draw();
    onMove();
    map.follow(position, pan);
  }

  function setByHand(lat, lon) {
    gps.stop();
    setPosition({ lat, lon, accuracy: null, source: "manual", at: Date.now() }, false);
  }

  const node = h(
    "section",
    { class: "card stack", "aria-labelledby": "position-title" },
    h("h2", { id: "position-title" }, t("capture.position_title")),
    text,
    warning,
    ...map.nodes,
    h("div", { class: "button-row" }, fromDevice, fromPhoto),
    coordinates.node
  );
  return {
    node,
    draw,
    drawPhoto,
    /* Follow the device's position, unless one was set by hand or from a photo. */
    resume: () => {
      if (!draft.position || draft.position.source === "gps") gps.start();
    },
    showMap: () => map.show(),
    stop: () => gps.stop(),
    need: () => coordinates.focus(),
    destroy: () => {
      gps.stop();
      map.destroy();
      delete document.body.dataset.position;
      delete document.body.dataset.geolocation;
    },
  };
}

/* Where the position is and where it came from, in words. */
function describe(p) {
  const coordinates = formatCoordinates(p.lat, p.lon);
  if (p.source === "gps") {
    return t("capture.position_gps", { coordinates, accuracy: formatNumber(p.accuracy) });
  }
  return t(`capture.position_${p.source}`, { coordinates });
}

const button = (id, label, onclick) =>
  h("button", { type: "button", class: "button", id, onclick }, label);

/* The Geolocation API's fixes, while they are better than the draft's (or it has grown stale),
   until one is good enough. start() (again) and stop(). */
function deviceWatch(draft, { onFix, onFail, onUnsupported }) {
  let watchId = null;

  function fixed(fix) {
    const accuracy = fix.coords.accuracy;
    const old = draft.position;
    if (old && old.source !== "gps") return;
    // Keep the better fix, unless the old one has grown stale.
    if (old && accuracy > old.accuracy && Date.now() - old.at < 15000) return;
    const { latitude: lat, longitude: lon } = fix.coords;
    onFix({ lat, lon, accuracy, source: "gps", at: Date.now() });
    if (accuracy <= GOOD_ENOUGH_M) stop();
  }

  function failed(error) {
    document.body.dataset.geolocation = "failed";
    onFail(error);
  }

  function start() {
    if (!navigator.geolocation) {
      onUnsupported();
      return;
    }
    stop();
    document.body.dataset.geolocation = "watching";
    watchId = navigator.geolocation.watchPosition(fixed, failed, {
      enableHighAccuracy: true,
      maximumAge: 10000,
      timeout: 30000,
    });
  }

  function stop() {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    watchId = null;
  }

  return { start, stop };
}

/* The map with the draft's position as a pin, and the GPS's accuracy as a circle. Leaflet is
   loaded when there is a position and the screen is in the page. */
function pinMap(shared, onMap, onPinMoved) {
  const { draft } = shared;
  const box = h("div", {
    class: "map",
    id: "capture-map",
    role: "region",
    "aria-label": t("capture.map_label"),
  });
  const status = h("p", { class: "hint", id: "map-status" }, t("capture.map_waiting"));
  let parts = null; // {L, map, pin, circle}; {} while Leaflet loads

  async function show() {
    if (parts || !draft.position || shared.destroyed || !box.isConnected) return;
    parts = {}; // reserved while Leaflet loads
    try {
      const { L, map } = await createMap(box, {
        config: await loadConfig(),
        center: [draft.position.lat, draft.position.lon],
        zoom: 18,
        onTiles: (tiles) => {
          box.dataset.tiles = tiles;
          status.textContent =
            tiles === "loaded" ? t("capture.map_hint") : t("capture.map_no_tiles");
        },
      });
      if (shared.destroyed) return map.remove();
      parts = { L, map, pin: addPin(L, map), circle: null };
      drawAccuracy();
      if (box.dataset.tiles !== "failed" && box.dataset.tiles !== "loaded") {
        status.textContent = t("capture.map_hint");
      }
      onMap(L, map);
    } catch {
      parts = null;
      box.hidden = true;
      status.textContent = t("capture.map_unavailable");
    }
  }

  function addPin(L, map) {
    const pin = L.marker([draft.position.lat, draft.position.lon], {
      draggable: true,
      keyboard: true,
      autoPan: true,
      icon: pinIcon(L),
      title: t("capture.pin_title"),
    }).addTo(map);
    pin.on("dragend", () => {
      const at = pin.getLatLng();
      onPinMoved(at.lat, at.lng);
      announce(t("capture.pin_moved"));
    });
    const element = pin.getElement();
    element.setAttribute("aria-label", t("capture.pin_label"));
    element.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 10 : 2;
      const moves = {
        ArrowUp: [step, 0],
        ArrowDown: [-step, 0],
        ArrowLeft: [0, -step],
        ArrowRight: [0, step],
      };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      event.stopPropagation();
      const moved = offsetM(draft.position.lat, draft.position.lon, move[0], move[1]);
      onPinMoved(moved.lat, moved.lon);
    });
    return pin;
  }

  function drawAccuracy() {
    if (!parts?.map) return;
    const { L, map } = parts;
    if (parts.circle) parts.circle.remove();
    parts.circle = null;
    if (draft.position.source === "gps" && draft.position.accuracy) {
      parts.circle = L.circle([draft.position.lat, draft.position.lon], {
        radius: draft.position.accuracy,
        className: "accuracy-circle",
        interactive: false,
      }).addTo(map);
    }
  }

  /* The draft's position changed: the pin follows (and the map, if `pan`). */
  function follow(position, pan) {
    if (!parts) return show();
    if (!parts.map) return; // Leaflet still loading: the pin will be put at the draft's position
    parts.pin.setLatLng([position.lat, position.lon]);
    drawAccuracy();
    if (pan) parts.map.panTo([position.lat, position.lon]);
  }

  return {
    nodes: [box, status],
    show,
    follow,
    panTo: (lat, lon) => {
      if (parts?.map) parts.map.panTo([lat, lon]);
    },
    destroy: () => {
      if (parts?.map) parts.map.remove();
    },
  };
}

/* Coordinates to type, in a disclosure; `onSet(lat, lon)` takes a valid pair. */
function coordinateFields(onSet) {
  const input = (id) => h("input", { id, type: "text", inputmode: "decimal", autocomplete: "off" });
  const lat = input("coord-lat");
  const lon = input("coord-lon");
  const error = h("p", { class: "field-error", id: "coord-error", role: "alert" });
  const use = () => {
    const latitude = Number(lat.value.replace(",", "."));
    const longitude = Number(lon.value.replace(",", "."));
    const inRange = Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
    if (!lat.value || !lon.value || !inRange) {
      error.textContent = t("capture.coordinates_invalid");
      return;
    }
    error.textContent = "";
    onSet(latitude, longitude);
  };
  const node = h(
    "details",
    { class: "coordinates" },
    h("summary", null, t("capture.coordinates_summary")),
    h(
      "div",
      { class: "coordinate-fields" },
      h("div", { class: "field" }, h("label", { for: "coord-lat" }, t("capture.latitude")), lat),
      h("div", { class: "field" }, h("label", { for: "coord-lon" }, t("capture.longitude")), lon),
      error,
      h(
        "button",
        { type: "button", class: "button", id: "use-coordinates", onclick: use },
        t("capture.use_coordinates")
      )
    )
  );
  return {
    node,
    show: (position) => {
      lat.value = position.lat.toFixed(6);
      lon.value = position.lon.toFixed(6);
    },
    focus: () => {
      node.open = true;
      lat.focus();
    },
  };
}
