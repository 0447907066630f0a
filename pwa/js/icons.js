// Line icons on a 24 × 24 grid, drawn for Lykta. Every icon stands next to a text: they are
// decoration for the eye (aria-hidden), never the only carrier of meaning.

const SVG = "http://www.w3.org/2000/svg";

const PATHS = {
  // Categories (the `icon` names of /api/v1/categories)
  lightbulb:
    "M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2V16h5v-.1c0-.8.4-1.5 1-2A6 6 0 0 0 12 3z",
  tree: "M12 22v-5M12 2 6 10.5h3L5 17h14l-4-6.5h3z",
  spray: "M7 9h7v12H7zM8.5 9V6h4v3M10.5 6V4M17 4h.01M20 3h.01M19 6.5h.01M21.5 6.5h.01M19.5 9.5h.01",
  trash: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  recycle: "M3 9h18v11H3zM5 9l2-5h10l2 5M6 13h3M10.5 13h3M15 13h3",
  "broken-glass": "M4 3h16v18H4zM12 3l-2 6 4 3-3 4 1 5M10 9 4 11M14 12l6-3",
  flame:
    "M12 22c4 0 7-2.7 7-6.5 0-3.6-2.6-6-4-8.5-.5 2-1.5 3-3 3.5.5-3-1-6-4-8 .3 3-3 6-3 10.5C5 19.3 8 22 12 22z",
  footpath: "M8 21 10 3M16 21 14 3M12 5v2M12 11v3M12 18v3",
  tunnel: "M3 21V11a9 9 0 0 1 18 0v10M7 21v-9a5 5 0 0 1 10 0v9M2 21h20",
  signpost: "M12 22V2M5 4.5h11l3 2.5-3 2.5H5zM19 12H8l-3 2.5L8 17h11z",
  eye: "M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12zM15 12a3 3 0 1 1-6 0 3 3 0 0 1 6 0z",
  bicycle:
    "M9 17.5a3.5 3.5 0 1 1-7 0 3.5 3.5 0 0 1 7 0zM22 17.5a3.5 3.5 0 1 1-7 0 3.5 3.5 0 0 1 7 0zM5.5 17.5 9 9h6.5l3 8.5M9 9l3.5 8.5L15.5 9M7.5 6h3M15.5 9 14.5 6h2",
  dots: "M6.5 12a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0zM13.5 12a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0zM20.5 12a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0z",
  heart:
    "M12 21s-7.5-4.6-9.5-9.4C1.2 8.3 3.3 4.5 7 4.5c2.1 0 3.7 1.2 5 3 1.3-1.8 2.9-3 5-3 3.7 0 5.8 3.8 4.5 7.1C19.5 16.4 12 21 12 21z",
  // The app
  home: "M3 11l9-8 9 8M5 9.5V21h5v-6h4v6h5V9.5",
  plus: "M12 8v8M8 12h8M22 12a10 10 0 1 1-20 0 10 10 0 0 1 20 0z",
  outbox: "M12 15V3M7 8l5-5 5 5M3 13v6a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-6",
  list: "M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01",
  clipboard: "M9 3h6v3H9zM9 4.5H5V21h14V4.5h-4M8.5 13l2.5 2.5 4.5-5",
  settings: "M4 6h10M18 6h2M16 4v4M4 12h4M12 12h8M10 10v4M4 18h12M20 18h.01M18 16v4",
  camera: "M3 8h4l2-3h6l2 3h4v12H3zM15.5 14a3.5 3.5 0 1 1-7 0 3.5 3.5 0 0 1 7 0z",
  image: "M3 4h18v16H3zM3 16l5-5 4 4 3-3 6 6M15.5 8.5h.01",
  sync: "M20 12a8 8 0 0 1-14.3 4.9M4 12a8 8 0 0 1 14.3-4.9M19 3v4.5h-4.5M5 21v-4.5h4.5",
  x: "M6 6l12 12M18 6 6 18",
  check: "M4 12.5l5 5L20 6.5",
  alert: "M12 3 2 20h20zM12 9v5M12 17h.01",
  pin: "M12 22s7-6.2 7-12a7 7 0 0 0-14 0c0 5.8 7 12 7 12zM14.5 10a2.5 2.5 0 1 1-5 0 2.5 2.5 0 0 1 5 0z",
  clock: "M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z",
  upload: "M12 16V4M7 9l5-5 5 5M4 20h16",
  crosshair: "M12 2v4M12 18v4M2 12h4M18 12h4M19 12a7 7 0 1 1-14 0 7 7 0 0 1 14 0z",
  logout: "M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9",
  map: "M9 4 3 6v14l6-2 6 2 6-2V4l-6 2zM9 4v14M15 6v14",
  globe:
    "M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0zM3 12h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3z",
  walk: "M13 4a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0zM9 21l2-6 2.5 2.5V21M7 11l3-3.5h3l2.5 4H18M11 15l-1-4",
};

export function icon(name, className = "icon") {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", PATHS[name] || PATHS.dots);
  svg.append(path);
  return svg;
}

/* The same icon as markup, for Leaflet's divIcon (which takes HTML). */
export function iconMarkup(name, className = "icon") {
  return `<svg viewBox="0 0 24 24" class="${className}" aria-hidden="true" focusable="false"><path d="${PATHS[name] || PATHS.dots}"/></svg>`;
}

export function hasIcon(name) {
  return Object.hasOwn(PATHS, name);
}
