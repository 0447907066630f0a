// The tip page (/tipsa): a resident tells the municipality about a place — category, place,
// note, photos, an optional email for updates. Saved in the page's own queue first (queue.js),
// then sent; the resident sees what waits and what the server refused.

import { localIsoString, PhotoError, shrink, uuid } from "/js/photos.js";
import {
  announce,
  applyStatic,
  cachedJson,
  chosenLocale,
  h,
  loadTexts,
  locale,
  registerWorker,
  renderQueue,
  setError,
  setUpLanguageSwitch,
  showNetwork,
  text,
} from "./common.js";
import { placePicker } from "./place.js";
import * as queue from "./queue.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const form = document.getElementById("tip-form");
const category = document.getElementById("tip-category");
const note = document.getElementById("tip-note");
const email = document.getElementById("tip-email");
const honeypot = document.getElementById("website");
const photoInput = document.getElementById("tip-photos");
const photoList = document.getElementById("tip-photo-list");
const formError = document.getElementById("tip-form-error");
const submit = document.getElementById("tip-submit");
const done = document.getElementById("tip-done");

const MAX_PHOTOS = 3; // as the server allows a tip (server/tips/service.py)
let photos = []; // {id, data, type, url}
let editing = null; // the queued tip being changed (the server refused it)
let categories = [];
let place = null;
let drawQueue = null;

async function drawCategories() {
  const chosen = category.value;
  categories = (await cachedJson("/api/v1/public/categories")) || [];
  const options = Array.isArray(categories) ? categories : [];
  category.replaceChildren(
    h("option", { value: "" }, text("tips.category_choose")),
    ...options.map((item) => h("option", { value: item.code }, item.name))
  );
  category.value = chosen;
  setError(category, options.length ? "" : text("tips.categories_missing"));
}

function drawPhotos() {
  photoList.replaceChildren(
    ...photos.map((photo, index) =>
      h(
        "li",
        { class: "photo" },
        h("img", { src: photo.url, alt: text("tips.photo_alt", { number: index + 1 }) }),
        h(
          "button",
          {
            type: "button",
            class: "button photo-remove",
            onclick: () => {
              URL.revokeObjectURL(photo.url);
              photos = photos.filter((other) => other !== photo);
              drawPhotos();
              photoInput.focus();
            },
          },
          text("tips.photo_remove", { number: index + 1 })
        )
      )
    )
  );
}

photoInput.addEventListener("change", async () => {
  setError(photoInput, "");
  for (const file of photoInput.files) {
    if (photos.length >= MAX_PHOTOS) {
      setError(photoInput, text("tips.photos_too_many", { max: MAX_PHOTOS }));
      break;
    }
    try {
      const shrunk = await shrink(file);
      const url = URL.createObjectURL(new Blob([shrunk.data], { type: shrunk.type }));
      photos.push({ id: uuid(), data: shrunk.data, type: shrunk.type, url });
    } catch (failure) {
      const reason = failure instanceof PhotoError ? failure.reason : "photo.error_decode";
      setError(photoInput, text(reason));
    }
  }
  photoInput.value = "";
  drawPhotos();
});

/* What to send, or null with every problem shown at its field (the first one focused). */
function check() {
  const problems = [];
  setError(category, category.value ? "" : text("tips.category_missing"));
  if (!category.value) problems.push(category);
  const where = place.value();
  if (!where) problems.push(document.getElementById("place-gps"));
  const address = email.value.trim();
  const emailOk = !address || EMAIL.test(address);
  setError(email, emailOk ? "" : text("tips.email_invalid"));
  if (!emailOk) problems.push(email);
  formError.textContent = problems.length ? text("tips.invalid") : "";
  if (problems.length) {
    problems[0].focus();
    return null;
  }
  const body = {
    category: category.value,
    note: note.value.trim(),
    lat: where.lat,
    lon: where.lon,
    captured_at: editing?.body.captured_at || localIsoString(),
    photos: [...(editing?.photos || []).map((photo) => photo.id), ...photos.map((p) => p.id)],
    website: honeypot.value, // "" from people; a bot's answer is dropped by the server
    locale: locale(), // the language of the emails to the resident
  };
  if (address) body.email = address;
  return body;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = check();
  if (!body) return;
  submit.disabled = true;
  const newPhotos = photos.map(({ id, data, type }) => ({ id, data, type }));
  if (editing) {
    const added = newPhotos.map((photo) => ({ ...photo, done: false }));
    await queue.put({
      ...editing,
      body,
      photos: [...editing.photos, ...added],
      state: "waiting",
      message: null,
      errors: null,
      attempts: 0,
      nextAt: 0,
    });
    queue.changed();
    queue.send({ force: true });
  } else {
    await queue.add("tip", { id: uuid(), body, photos: newPhotos });
  }
  for (const photo of photos) URL.revokeObjectURL(photo.url);
  const address = body.email;
  photos = [];
  editing = null;
  form.reset();
  place.clear();
  drawPhotos();
  submit.disabled = false;
  submit.textContent = text("tips.submit");
  form.hidden = true;
  done.hidden = false;
  const online = navigator.onLine;
  document.getElementById("tip-done-text").textContent = text(
    online ? "tips.done_sent" : "tips.done_queued"
  );
  const emailLine = document.getElementById("tip-done-email");
  emailLine.hidden = !address;
  emailLine.textContent = address ? text("tips.done_email", { email: address }) : "";
  document.getElementById("tip-done-title").focus();
  announce(text("tips.done_title"));
});

document.getElementById("tip-another").addEventListener("click", () => {
  done.hidden = true;
  form.hidden = false;
  category.focus();
});

/* A refused tip back in the form: the resident changes it and sends it again (same id). */
function edit(item) {
  editing = item;
  done.hidden = true;
  form.hidden = false;
  category.value = item.body.category;
  note.value = item.body.note || "";
  email.value = item.body.email || "";
  place.set({ lat: item.body.lat, lon: item.body.lon });
  submit.textContent = text("tips.save_edit");
  const fields = { category, note, email, lat: place, lon: place };
  for (const [name, lines] of Object.entries(item.errors || {})) {
    const control = fields[name];
    if (control && control !== place) setError(control, [lines].flat().join(" "));
  }
  formError.textContent = item.message || "";
  category.focus();
}

async function redraw() {
  await drawCategories();
  drawPhotos();
  place.redraw();
  submit.textContent = text(editing ? "tips.save_edit" : "tips.submit");
  await drawQueue();
}

async function main() {
  await loadTexts(chosenLocale());
  applyStatic();
  showNetwork();
  place = placePicker(document.getElementById("place"));
  drawQueue = renderQueue({ kind: "tip", onEdit: edit });
  queue.onChange((status) => drawQueue(status));
  setUpLanguageSwitch(redraw);
  await drawCategories();
  await drawQueue();
  registerWorker("/tipsa");
  queue.start();
  document.body.dataset.appState = "ready";
}

main();
