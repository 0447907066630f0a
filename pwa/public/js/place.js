// Where: the phone's position (place.gps), a tap on the map, or coordinates typed
// in. The map (Leaflet, from the server's versioned folder, as in the staff app) is a help, not
// a requirement: offline without tiles the page says so and the position still works.

import { formatCoordinates, h, setError, text } from "./common.js";

const SWEDEN = { center: [62.0, 15.0], zoom: 4 };
let leaflet = null;

function loadLeaflet(base) {
  if (!leaflet) {
    leaflet = new Promise((resolve, reject) => {
      document.head.append(h("link", { rel: "stylesheet", href: `${base}leaflet.css` }));
      const script = h("script", { src: `${base}leaflet.js` });
      script.onload = () => resolve(window.L);
      script.onerror = () => {
        leaflet = null;
        script.remove();
        reject(new Error("Leaflet could not be loaded"));
      };
      document.head.append(script);
    });
  }
  return leaflet;
}

async function fetchConfig() {
  try {
    return await (await fetch("/config.json")).json();
  } catch {
    return null;
  }
}

/* A place picker drawn into `root`; `gpsLabel` names the position button; `view` {center:
   [lat, lon], zoom, bounds: [minLat, minLon, maxLat, maxLon]} where the map starts.
   → {value(): {lat, lon} | null (and shows why), clear(), redraw()} */
export function placePicker(root, { gpsLabel = "place.gps", view = null } = {}) {
  let chosen = null; // {lat, lon, accuracy?, source: "gps" | "map" | "typed"}
  let map = null;
  let pin = null;
  let mapState = "loading";

  const gps = h("button", { type: "button", class: "button button-block", id: "place-gps" });
  const described = h("p", { class: "position-text", id: "place-text", "aria-live": "polite" });
  const error = h("p", { class: "field-error", id: "place-gps-error" });
  gps.setAttribute("aria-describedby", "place-text place-gps-error");
  const mapNote = h("p", { class: "hint", id: "place-map-note" });
  const mapBox = h("div", { class: "map public-map", id: "place-map" });
  const lat = h("input", { id: "place-lat", inputmode: "decimal", autocomplete: "off" });
  const lon = h("input", { id: "place-lon", inputmode: "decimal", autocomplete: "off" });
  lat.setAttribute("aria-describedby", "place-lat-error");
  lon.setAttribute("aria-describedby", "place-lat-error");
  const latLabel = h("label", { for: "place-lat" });
  const lonLabel = h("label", { for: "place-lon" });
  const typedError = h("p", { class: "field-error", id: "place-lat-error" });
  const useTyped = h("button", { type: "button", class: "button", id: "place-use-typed" });
  const summary = h("summary", null);
  const legend = h("legend", { class: "label-heading" });
  const fieldset = h(
    "fieldset",
    { class: "place stack", id: "place-fieldset" },
    legend,
    gps,
    error,
    described,
    mapNote,
    mapBox,
    h(
      "details",
      { class: "coordinates" },
      summary,
      h(
        "div",
        { class: "coordinate-fields stack" },
        h("div", { class: "field" }, latLabel, lat),
        h("div", { class: "field" }, lonLabel, lon),
        typedError,
        useTyped
      )
    )
  );
  root.replaceChildren(fieldset);

  const show = () => {
    legend.textContent = text("place.legend");
    gps.textContent = text(gpsLabel);
    summary.textContent = text("place.typed");
    latLabel.textContent = text("place.lat");
    lonLabel.textContent = text("place.lon");
    useTyped.textContent = text("place.use_typed");
    mapNote.textContent = text(mapState === "failed" ? "place.map_failed" : "place.map_hint");
    mapBox.setAttribute("aria-label", text("place.map_label"));
    if (!chosen) described.textContent = text("place.none");
    else {
      const coordinates = formatCoordinates(chosen.lat, chosen.lon);
      const accuracy = Math.round(chosen.accuracy || 0);
      described.textContent = text(`place.chosen_${chosen.source}`, { coordinates, accuracy });
    }
    document.body.dataset.position = chosen ? chosen.source : "none";
  };

  const choose = (place) => {
    chosen = place;
    setError(gps, "");
    if (map && window.L) {
      if (!pin) pin = window.L.marker([place.lat, place.lon], { keyboard: false }).addTo(map);
      else pin.setLatLng([place.lat, place.lon]);
      if (place.source !== "map") map.setView([place.lat, place.lon], 17);
    }
    show();
  };

  gps.addEventListener("click", () => {
    if (!navigator.geolocation) return setError(gps, text("place.gps_unavailable"));
    gps.setAttribute("aria-busy", "true");
    described.textContent = text("place.gps_busy");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        gps.removeAttribute("aria-busy");
        const { latitude, longitude, accuracy } = position.coords;
        choose({ lat: latitude, lon: longitude, accuracy, source: "gps" });
      },
      (failure) => {
        gps.removeAttribute("aria-busy");
        show();
        setError(gps, text(failure.code === 1 ? "place.gps_denied" : "place.gps_unavailable"));
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 }
    );
  });

  useTyped.addEventListener("click", () => {
    const north = Number.parseFloat(lat.value.replace(",", "."));
    const east = Number.parseFloat(lon.value.replace(",", "."));
    const valid = Math.abs(north) <= 90 && Math.abs(east) <= 180;
    setError(lat, valid ? "" : text("place.typed_invalid"));
    setError(lon, valid ? "" : " ");
    if (valid) choose({ lat: north, lon: east, source: "typed" });
  });

  const onTiles = (state) => {
    mapState = state;
    show();
  };
  const onTap = (lat, lon) => choose({ lat, lon, source: "map" });
  startMap(mapBox, view, { onTiles, onTap })
    .then((created) => {
      map = created;
      if (chosen) choose(chosen);
    })
    .catch(() => {
      mapBox.hidden = true;
      onTiles("failed");
    });

  show();
  return {
    value() {
      if (!chosen) setError(gps, text("place.missing"));
      return chosen ? { lat: chosen.lat, lon: chosen.lon } : null;
    },
    set(place) {
      choose({ ...place, source: "typed" });
    },
    clear() {
      chosen = null;
      if (pin) pin.remove();
      pin = null;
      show();
    },
    redraw: show,
    focus: () => gps.focus(),
  };
}

/* The map in `box`, where `view` says or all of Sweden; onTiles("loaded" | "failed") tells
   whether the background shows, onTap(lat, lon) a tap. */
async function startMap(box, view, { onTiles, onTap }) {
  const config = await fetchConfig();
  const L = await loadLeaflet(config?.leaflet || "/vendor/leaflet/");
  const map = L.map(box, { zoomControl: true, attributionControl: true, keyboard: true });
  map.attributionControl.setPrefix(false);
  let loaded = 0;
  if (config?.tile_url) {
    const layer = L.tileLayer(config.tile_url, {
      maxZoom: 19,
      crossOrigin: true, // readable answers, so the service worker can keep them
      referrerPolicy: "strict-origin-when-cross-origin",
      attribution: escapeHtml(config.tile_attribution || ""),
    });
    layer.on("tileload", () => {
      loaded += 1;
      if (loaded === 1) onTiles("loaded");
    });
    layer.on("tileerror", () => {
      if (!loaded) onTiles("failed");
    });
    layer.addTo(map);
  } else onTiles("failed");
  if (view?.bounds?.length === 4) {
    const [south, west, north, east] = view.bounds;
    map.fitBounds([
      [south, west],
      [north, east],
    ]);
  } else if (view?.center?.length === 2) map.setView(view.center, view.zoom || 15);
  else map.setView(SWEDEN.center, SWEDEN.zoom);
  map.on("click", (event) => onTap(event.latlng.lat, event.latlng.lng));
  return map;
}

function escapeHtml(value) {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]
  );
}
