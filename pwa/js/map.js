// Maps with Leaflet (from the xstatic-leaflet package, loaded only on the screens that show a
// map). Tiles come from the configured tile server; when they cannot load (offline, no tile
// server) the map says so in words and the app goes on with coordinates as text.

import { t } from "./i18n.js";
import { iconMarkup } from "./icons.js";

let loading = null;

export function loadLeaflet(config) {
  if (window.L) return Promise.resolve(window.L);
  if (!loading) {
    const base = config?.leaflet || "/vendor/leaflet/";
    loading = new Promise((resolve, reject) => {
      const style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = `${base}leaflet.css`;
      document.head.append(style);
      const script = document.createElement("script");
      script.src = `${base}leaflet.js`;
      script.onload = () => resolve(window.L);
      script.onerror = () => {
        loading = null;
        script.remove();
        reject(new Error("Leaflet could not be loaded"));
      };
      document.head.append(script);
    });
  }
  return loading;
}

/* A map in `element`; onTiles("loaded" | "failed") tells whether the background shows. */
export async function createMap(element, { config, center, zoom = 17, onTiles }) {
  const L = await loadLeaflet(config);
  const map = L.map(element, {
    zoomControl: false,
    attributionControl: true,
    keyboard: true,
    tapHold: true,
  });
  L.control.zoom({ zoomInTitle: t("map.zoom_in"), zoomOutTitle: t("map.zoom_out") }).addTo(map);
  map.attributionControl.setPrefix(false);
  let loaded = 0;
  let failed = 0;
  const report = () => onTiles?.(loaded > 0 ? "loaded" : "failed");
  if (config?.tile_url) {
    const layer = L.tileLayer(config.tile_url, {
      maxZoom: 19,
      crossOrigin: true, // readable answers, so the service worker can keep them
      referrerPolicy: "strict-origin-when-cross-origin", // tile servers ask who is using them
      attribution: escapeHtml(config.tile_attribution || ""),
    });
    layer.on("tileload", () => {
      loaded += 1;
      if (loaded === 1) report();
    });
    layer.on("tileerror", () => {
      failed += 1;
      if (failed === 1 && loaded === 0) report();
    });
    layer.addTo(map);
  } else if (onTiles) {
    setTimeout(report, 0);
  }
  map.setView(center, zoom);
  return { L, map };
}

export function pinIcon(L, className = "map-pin") {
  return L.divIcon({
    className,
    html: iconMarkup("pin", "map-pin-icon"),
    iconSize: [40, 48],
    iconAnchor: [20, 46],
  });
}

export function dotIcon(L, className) {
  return L.divIcon({
    className: `map-dot ${className || ""}`,
    iconSize: [18, 18],
    iconAnchor: [9, 9],
  });
}

export function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]
  );
}

/* Metres between two points (haversine), enough for "12 m bort". */
export function distanceM(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

/* Move a point by metres north and east. */
export function offsetM(lat, lon, north, east) {
  const dLat = north / 111320;
  const dLon = east / (111320 * Math.cos((lat * Math.PI) / 180));
  return { lat: lat + dLat, lon: lon + dLon };
}
