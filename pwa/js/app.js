// Lykta's field app: start-up, screens (hash routes), and
// the moments the outbox is sent: app start, `online`, back to the app (visibilitychange), the
// "Synka nu" button, retry timers, and Background Sync (in the service worker).

import "./store.js";
import { onUnauthorized } from "./api.js";
import { applyStatic, loadLocale, t, tn } from "./i18n.js";
import * as outbox from "./outbox.js";
import { pull } from "./pull.js";
import * as session from "./session.js";
import { emit, on, state } from "./session.js";
import { announce, clear, fillIcons, h, visuallyHidden } from "./ui.js";
import { checkForUpdate, registerServiceWorker } from "./worker.js";

const Store = self.LyktaStore;
let staffSheet = null;

/* The staff screens' styles (css/staff.css; reporters never download them), linked when a staff
   screen is first loaded. Its screen waits for the sheet, so it is never drawn unstyled; when
   the sheet cannot load (offline, not yet kept), the screen is drawn all the same and the next
   staff screen tries again. */
function staffStyles() {
  staffSheet ||= new Promise((resolve) => {
    const failed = () => {
      link.remove();
      staffSheet = null;
      resolve();
    };
    const link = h("link", { rel: "stylesheet", href: "/css/staff.css" });
    link.addEventListener("load", resolve);
    link.addEventListener("error", failed);
    document.head.append(link);
  });
  return staffSheet;
}

/* A staff screen: its module (`name`: the screen's function in it) and the staff styles. */
const staffScreen =
  (load, name = "render") =>
  () =>
    Promise.all([load(), staffStyles()]).then(([module]) => ({ render: module[name] }));

const SCREENS = {
  home: () => import("./screens/home.js"),
  signin: () => import("./screens/signin.js"),
  capture: () => import("./screens/capture.js"),
  outbox: () => import("./screens/outbox.js"),
  findings: () => import("./screens/findings.js"),
  settings: () => import("./screens/settings.js"),
  incident: () => import("./screens/incident.js"),
  round: () => import("./screens/round.js"),
  // The owner's side: loaded only by those who use it (and by an email link).
  tasks: staffScreen(() => import("./screens/tasks.js")),
  case: staffScreen(() => import("./screens/case.js")),
  // The coordinators' triage queue (and, on the finding screen, their follow-up panel).
  triage: staffScreen(() => import("./screens/followup.js"), "triage"),
  // The coordinators' walks and reports (owners: the reports, scoped by the server).
  walks: staffScreen(() => import("./screens/walks.js")),
  reports: staffScreen(() => import("./screens/reports.js")),
  // The medborgarlöften (everyone signed in reads them) and the weekly EST meeting.
  promises: staffScreen(() => import("./screens/promises.js")),
  est: staffScreen(() => import("./screens/est.js")),
  // The residents' tips waiting for moderation, and the safety survey's campaigns and results.
  tips: staffScreen(() => import("./screens/tips.js")),
  survey: staffScreen(() => import("./screens/survey.js")),
};
// Not loaded ahead for reporters (a reporter opens the medborgarlöften only by choice).
const CASE_SCREENS = new Set(["tasks", "case", "triage", "promises"]);
const KEEP_ON_SIGN_IN = new Set(["capture", "case", "incident", "round"]);
const CASE_ROLES = new Set(["owner", "coordinator", "admin"]);
// Who may open each staff screen; reporters never load their module.
const STAFF_SCREENS = {
  walks: new Set(["coordinator", "admin"]),
  reports: CASE_ROLES,
  triage: new Set(["coordinator", "admin"]),
  est: CASE_ROLES,
  tips: new Set(["coordinator", "admin"]),
  survey: new Set(["coordinator", "admin"]),
};
const PULL_INTERVAL_MS = 60 * 1000;

let current = null; // {name, view}
let rendering = Promise.resolve();
let firstRender = true;
let lastPull = 0;

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  let name = path || "home";
  if (name === "findings" && params.has("id")) name = "case"; // the owners' email links
  if (name === "case" && !params.has("id")) name = "home";
  return { name: SCREENS[name] ? name : "home", params };
}

function actsOnCases() {
  return Boolean(state.session && CASE_ROLES.has(state.session.user.role));
}

function mayOpen(name) {
  return (
    !STAFF_SCREENS[name] ||
    Boolean(state.session && STAFF_SCREENS[name].has(state.session.user.role))
  );
}

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function route() {
  rendering = rendering.then(renderRoute, renderRoute).catch(showFailure);
  return rendering;
}

/* A screen could not be drawn (its code could not be loaded, most likely offline before the
   service worker took over): say so instead of leaving the screen blank. */
function showFailure() {
  const main = document.getElementById("main");
  clear(main).append(
    h("h1", { tabindex: "-1" }, t("app.screen_failed_title")),
    h("p", null, t("app.screen_failed")),
    h("a", { class: "button", href: "#/" }, t("nav.home"))
  );
  document.body.dataset.screen = "failed";
}

async function renderRoute() {
  let { name, params } = parseHash();
  if (!state.session && name !== "signin") {
    if (name !== "home") state.returnTo = location.hash; // signed in, the link opens after all
    name = "signin";
  }
  if (state.session && !state.authRequired && name === "signin") name = "home";
  if (name === "tasks" && !actsOnCases()) name = "home";
  if (!mayOpen(name)) name = "home";
  const module = await SCREENS[name]();
  if (current?.view.destroy) current.view.destroy();
  const view = await module.render({ params, navigate, syncNow });
  current = { name, view };
  const main = document.getElementById("main");
  clear(main).append(view.node);
  if (view.mounted) view.mounted();
  document.title = t("app.title_format", { screen: view.title });
  document.body.dataset.screen = name;
  const tab = view.tab || name;
  for (const link of document.querySelectorAll("#tab-bar a")) {
    if (link.dataset.route === tab) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  updateChrome();
  if (!firstRender) {
    const heading = main.querySelector("h1");
    (heading || main).focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }
  firstRender = false;
}

/* Draw the current screen again (new language, new data) without moving the focus. */
function rerender() {
  rendering = rendering
    .then(async () => {
      if (!current) return;
      const focused = document.activeElement?.id;
      const wasFirst = firstRender;
      firstRender = true;
      try {
        await renderRoute();
      } finally {
        firstRender = wasFirst;
      }
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    })
    .catch(showFailure);
  return rendering;
}

async function updateChrome() {
  const signedIn = Boolean(state.session);
  document.getElementById("tab-bar").hidden = !signedIn;
  // Owners and coordinators also get their list (nav.tasks, nav.cases).
  const tasksTab = document.querySelector('#tab-bar a[data-route="tasks"]');
  tasksTab.hidden = !actsOnCases();
  document.body.dataset.tabs = actsOnCases() ? "6" : "5";
  const label = tasksTab.querySelector("[data-i18n]");
  label.dataset.i18n = signedIn && state.session.user.role !== "owner" ? "nav.cases" : "nav.tasks";
  label.textContent = t(label.dataset.i18n);
  document.getElementById("auth-banner").hidden =
    !(signedIn && state.authRequired) || current?.name === "signin";
  document.getElementById("net-status").hidden = navigator.onLine;
  document.body.dataset.online = String(navigator.onLine);
  const count = signedIn ? await outbox.counts() : { pending: 0, failed: 0 };
  const badge = document.getElementById("outbox-badge");
  badge.hidden = count.pending === 0;
  badge.replaceChildren(
    h("span", { "aria-hidden": "true" }, String(count.pending)),
    visuallyHidden(`, ${tn("outbox.badge", count.pending)}`)
  );
  document.body.dataset.outboxPending = String(count.pending);
  document.body.dataset.outboxFailed = String(count.failed);
}

/* "Synka nu": send everything waiting now, then fetch what changed. */
async function syncNow() {
  const sent = await outbox.kick({ force: true });
  const pulled = await maybePull(true);
  return { sent, pulled };
}

async function maybePull(now = false) {
  if (!state.session || state.authRequired || !navigator.onLine) return { status: "offline" };
  if (!now && Date.now() - lastPull < PULL_INTERVAL_MS) return { status: "skipped" };
  lastPull = Date.now();
  return pull();
}

/* The owner's screens (reporters never need them) and everyone's incident and round forms are
   not precached: ask the service worker to keep them, so that they open with no network too. */
function keepLazyScreens() {
  if (actsOnCases()) SCREENS.tasks().catch(() => {});
  const type = actsOnCases() ? "CACHE_CASES" : "CACHE_FIELD";
  navigator.serviceWorker?.ready.then((reg) => reg.active?.postMessage({ type }));
}

function startBackgroundWork() {
  keepLazyScreens(); // reporters never load the owner's screens
  outbox.purgeSent();
  outbox.kick();
  if (navigator.onLine) {
    session.revalidate().then(() => maybePull(true));
    session.flushPendingLocale();
  }
}

function wireEvents() {
  window.addEventListener("hashchange", () => route());
  window.addEventListener("online", () => {
    updateChrome();
    session.finishPendingLogout();
    if (!state.session) return;
    outbox.kick({ force: true });
    session.revalidate().then(() => maybePull(true));
    session.flushPendingLocale();
  });
  window.addEventListener("offline", () => updateChrome());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible" || !state.session) return;
    outbox.kick();
    maybePull();
    checkForUpdate();
  });
  // The sender in the service worker (or another tab) changed the outbox.
  if ("BroadcastChannel" in self) {
    new BroadcastChannel("lykta").addEventListener("message", (event) => {
      if (event.data && event.data.type === "outbox") emit("outbox");
    });
  }
  onUnauthorized(() => {
    if (state.session && !state.authRequired) session.requireSignIn();
  });
  on("outbox", () => updateChrome());
  on("sent", () => maybePull(true));
  on("locale", () => {
    applyStatic();
    rerender();
  });
  on("auth-required", () => {
    updateChrome();
    announce(t("auth.expired_banner"));
    // A half-filled capture or action form stays on screen; the banner offers the sign-in.
    if (current && CASE_SCREENS.has(current.name)) state.returnTo = location.hash;
    if (current && !KEEP_ON_SIGN_IN.has(current.name)) navigate("#/signin");
  });
  on("signed-in", () => {
    updateChrome();
    startBackgroundWork();
    outbox.kick({ force: true });
  });
  on("signed-out", () => {
    updateChrome();
    navigate("#/signin");
  });
}

async function boot() {
  registerServiceWorker();
  await session.restore();
  const chosen = await Store.getMeta("locale");
  await loadLocale(chosen || state.session?.user.locale || "sv");
  applyStatic();
  fillIcons();
  wireEvents();
  session.loadConfig(); // the tile server's address: needed by the maps, not by the first screen
  if (!state.session && navigator.onLine && (await session.resume())) {
    const code = (await Store.getMeta("locale")) || state.session.user.locale;
    if (code) await loadLocale(code);
    applyStatic();
  }
  await route();
  document.body.dataset.appState = "ready";
  session.finishPendingLogout();
  if (state.session) startBackgroundWork();
  // Every screen's code, once the start is done: a screen first opened without a network then
  // works even in the first session, before the service worker controls the page.
  const idle = self.requestIdleCallback || ((work) => setTimeout(work, 2000));
  idle(() => {
    for (const [name, load] of Object.entries(SCREENS)) {
      if ((!CASE_SCREENS.has(name) || actsOnCases()) && mayOpen(name)) load().catch(() => {});
    }
  });
}

boot().catch((error) => {
  document.body.dataset.appState = "failed";
  throw error;
});
