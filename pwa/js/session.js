// Who is signed in on this device, and the app's shared state and events.
//
// The session (user + CSRF token) is kept in IndexedDB, so the app opens signed in without a
// network for as long as the server's session lasts (weeks, renewed by use). When the server
// says 401 the user is asked to sign in again, but nothing queued is lost.

import "./store.js";
import { ApiError, get, patch, post, setCsrfToken } from "./api.js";
import { LOCALES, loadLocale, locale } from "./i18n.js";

const Store = self.LyktaStore;
const PENDING_LOGOUT = "lykta.pendingLogout";
const SIGNED_IN = "lykta.signedIn"; // a hint that the browser may hold a session cookie

export const bus = new EventTarget();
export const state = { session: null, authRequired: false, config: null };

export function emit(type, detail) {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}

export function on(type, listener) {
  bus.addEventListener(type, listener);
  return () => bus.removeEventListener(type, listener);
}

export function user() {
  return state.session ? state.session.user : null;
}

function adopt(session) {
  state.session = session;
  setCsrfToken(session ? session.csrf_token : "");
}

/* At start: what this device remembers. */
export async function restore() {
  adopt((await Store.getMeta("session")) || null);
  state.authRequired = Boolean(await Store.getMeta("auth_required"));
  return state.session;
}

/* The device lost its copy of the session (storage evicted), but the browser may still hold
   the cookie: ask the server. Only when we once signed in here, so that a first visit makes no
   request that is bound to fail. */
export async function resume() {
  if (localStorage.getItem(SIGNED_IN) !== "1") return false;
  try {
    const data = await get("/api/v1/auth/me");
    await remember(data);
    return true;
  } catch {
    return false;
  }
}

/* Ask the server who we are: a fresh CSRF token and user; 401 means sign in again. */
export async function revalidate() {
  if (!state.session) return;
  try {
    const data = await get("/api/v1/auth/me");
    state.session.user = data.user;
    state.session.csrf_token = data.csrf_token;
    adopt(state.session);
    await Store.setMeta("session", state.session);
  } catch (error) {
    if (error.status === 401) await requireSignIn();
  }
}

export async function requireSignIn() {
  state.authRequired = true;
  await Store.setMeta("auth_required", true);
  emit("auth-required");
}

async function remember(data) {
  const previous = await Store.getMeta("last_user_id");
  if (previous !== undefined && previous !== data.user.id) await forgetSyncedData();
  const session = { user: data.user, csrf_token: data.csrf_token, signed_in_at: Date.now() };
  await Store.setMeta("session", session);
  await Store.setMeta("last_user_id", data.user.id);
  await Store.delMeta("auth_required");
  state.authRequired = false;
  adopt(session);
  localStorage.setItem(SIGNED_IN, "1");
}

/* Another person signs in on this device: what was synced for the previous one goes. Their
   unsent findings stay in the outbox (sent only when they sign in again, never as someone else). */
async function forgetSyncedData() {
  await Store.transact(["findings", "walks", "categories", "meta"], "readwrite", async (s) => {
    await Store.req(s.findings.clear());
    await Store.req(s.walks.clear());
    await Store.req(s.categories.clear());
    await Store.req(s.meta.delete("sync_cursor"));
    await Store.req(s.meta.delete("last_sync_at"));
  });
}

export async function signIn(email, password) {
  const data = await post("/api/v1/auth/login", { email, password });
  await remember(data);
  localStorage.removeItem(PENDING_LOGOUT); // signing in revoked the previous session anyway
  // The language: one chosen on this device before signing in wins, else the account's.
  const chosen = await Store.getMeta("locale");
  if (chosen && chosen !== data.user.locale) {
    await saveLocaleOnServer(chosen);
  } else if (LOCALES.includes(data.user.locale) && data.user.locale !== locale()) {
    await loadLocale(data.user.locale);
    emit("locale");
  }
  requestPersistence();
  return data.user;
}

/* Sign out: the server forgets the session, the device forgets everything. */
export async function signOut() {
  try {
    await post("/api/v1/auth/logout");
  } catch (error) {
    if (error.status !== 401) {
      localStorage.setItem(PENDING_LOGOUT, state.session?.csrf_token || "-");
    }
  }
  const keepLocale = await Store.getMeta("locale");
  await Store.wipe();
  if (keepLocale) await Store.setMeta("locale", keepLocale);
  if ("caches" in self) {
    for (const name of await caches.keys()) {
      if (name.startsWith("lykta-") && !name.startsWith("lykta-shell-")) await caches.delete(name);
    }
  }
  adopt(null);
  state.authRequired = false;
  localStorage.removeItem(SIGNED_IN);
  emit("signed-out");
}

/* A sign-out made offline: tell the server when we can. */
export async function finishPendingLogout() {
  const token = localStorage.getItem(PENDING_LOGOUT);
  if (!token || !navigator.onLine) return;
  if (!state.session) {
    setCsrfToken(token);
    try {
      await post("/api/v1/auth/logout");
    } catch (error) {
      if (error.status === 0) return; // still no network: next time
    }
    setCsrfToken("");
  }
  localStorage.removeItem(PENDING_LOGOUT);
}

export async function setLocale(code) {
  await loadLocale(code);
  await Store.setMeta("locale", code);
  if (state.session) {
    state.session.user.locale = code;
    await Store.setMeta("session", state.session);
    await saveLocaleOnServer(code);
  }
  emit("locale");
}

async function saveLocaleOnServer(code) {
  try {
    const data = await patch("/api/v1/auth/me", { locale: code });
    if (state.session) {
      state.session.user = data.user;
      await Store.setMeta("session", state.session);
    }
    await Store.delMeta("locale_pending");
  } catch (error) {
    if (error.status === 401) await requireSignIn();
    await Store.setMeta("locale_pending", code); // sent when the network is back
  }
}

export async function flushPendingLocale() {
  const code = await Store.getMeta("locale_pending");
  if (code && state.session && !state.authRequired) await saveLocaleOnServer(code);
}

/* Ask the browser not to evict our data under storage pressure; remember the answer. */
export async function requestPersistence() {
  if (!navigator.storage?.persist) {
    await Store.setMeta("persisted", "unsupported");
    return "unsupported";
  }
  let persisted = await navigator.storage.persisted();
  if (!persisted) persisted = await navigator.storage.persist();
  const answer = persisted ? "granted" : "denied";
  await Store.setMeta("persisted", answer);
  emit("storage");
  return answer;
}

let configLoading = null;

/* A write, refused at once offline; once more with a fresh CSRF token if the old one expired. */
export async function write(call) {
  if (!navigator.onLine) throw new ApiError(0, null);
  try {
    return await call();
  } catch (error) {
    if (error.code !== "csrf_failed") throw error;
    await revalidate();
    return call();
  }
}

/* /config.json (tile server, version); answered from the service worker's cache at once. */
export function loadConfig() {
  if (!configLoading) {
    configLoading = (async () => {
      try {
        const response = await fetch("/config.json");
        if (response.ok) state.config = await response.json();
      } catch {
        configLoading = null; // try again next time
      }
      return state.config;
    })();
  }
  return configLoading;
}

export { ApiError };
