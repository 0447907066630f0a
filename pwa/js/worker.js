// The service worker from the page's side: its registration, a first install tried again
// until it succeeds, and the banner that offers a new version when one is waiting.

import { t } from "./i18n.js";
import { announce } from "./ui.js";

const UPDATE_CHECK_MS = 30 * 60 * 1000;

let lastUpdateCheck = Date.now();
let registration = null;
let reloadOnControllerChange = false;
let installRetry = null;
let installRetryMs = 5000;

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const mark = () => {
    document.body.dataset.sw = navigator.serviceWorker.controller ? "controlled" : "none";
  };
  mark();
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    mark();
    if (!reloadOnControllerChange) return;
    reloadOnControllerChange = false;
    location.reload();
  });
  install();
  window.addEventListener("online", () => {
    if (installRetry === null) return;
    clearTimeout(installRetry);
    installRetry = null;
    install();
  });
}

function install() {
  navigator.serviceWorker
    .register("/sw.js", { scope: "/", updateViaCache: "none" })
    .then((reg) => {
      if (registration !== reg) {
        registration = reg;
        reg.addEventListener("updatefound", () => watchInstall(reg.installing));
      }
      if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting);
      watchInstall(reg.installing);
      // The install can fail before this runs (its worker is gone, no statechange to see).
      if (!reg.installing && !reg.waiting && !reg.active) retryInstall();
    })
    .catch(() => {
      document.body.dataset.serviceWorker = "failed";
    });
}

const watched = new WeakSet();

function watchInstall(worker) {
  if (!worker || watched.has(worker)) return;
  watched.add(worker);
  worker.addEventListener("statechange", () => {
    if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
    if (worker.state === "redundant" && !registration.active) retryInstall();
  });
}

/* The first install fails when a file of the app does not arrive (a poor connection on the
   first visit). Without a retry the app would not open offline until the next visit: try
   again a little later each time, and at once when the network is back. */
function retryInstall() {
  if (installRetry !== null) return;
  installRetry = setTimeout(() => {
    installRetry = null;
    install();
  }, installRetryMs);
  installRetryMs = Math.min(installRetryMs * 2, 5 * 60 * 1000);
}

/* A new version is installed and waits: the user decides when to reload. */
function offerUpdate(worker) {
  const banner = document.getElementById("update-banner");
  banner.hidden = false;
  document.body.dataset.update = "available";
  document.getElementById("update-button").onclick = () => {
    reloadOnControllerChange = true;
    worker.postMessage({ type: "SKIP_WAITING" });
  };
  announce(t("update.available"));
}

export function checkForUpdate() {
  if (registration && Date.now() - lastUpdateCheck > UPDATE_CHECK_MS) {
    lastUpdateCheck = Date.now();
    registration.update().catch(() => {});
  }
}
