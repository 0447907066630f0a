// The safety survey (/trygghet, /trygghet/<code> for a campaign): how safe a place feels, 1–5,
// at what time of day and why. Anonymous; queued on the phone like the tips (queue.js), and
// the form is ready for the next place at once.

import { uuid } from "/js/photos.js";
import {
  announce,
  applyStatic,
  cachedJson,
  chosenLocale,
  formatDay,
  h,
  loadTexts,
  registerWorker,
  renderQueue,
  setError,
  setUpLanguageSwitch,
  showNetwork,
  text,
} from "./common.js";
import { placePicker } from "./place.js";
import * as queue from "./queue.js";

const SCORES = [1, 2, 3, 4, 5];
const TIMES = ["dag", "kväll", "natt"]; // the API's codes
const CAMPAIGN_KEY = "lykta-public-campaign"; // the open campaign last visited
const code = decodeURIComponent(location.pathname.split("/")[2] || "") || null;
const form = document.getElementById("rating-form");
const message = document.getElementById("survey-message");
const thanks = document.getElementById("rating-done");
const formError = document.getElementById("rating-form-error");
const honeypot = document.getElementById("website");

let campaign = null;
let reasons = [];
let place = null;
let drawQueue = null;
let editing = null;

function choice(type, name, value, label) {
  const id = `${name}-${value}`;
  return h(
    "div",
    { class: "choice" },
    h("input", { type, id, name, value }),
    h("label", { for: id }, label)
  );
}

function checked(name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
}

function drawChoices() {
  const keep = { score: checked("score"), time: checked("time"), reason: checked("reason") };
  document
    .getElementById("score-choices")
    .replaceChildren(
      ...SCORES.map((score) => choice("radio", "score", score, text(`survey.score_${score}`)))
    );
  document
    .getElementById("time-choices")
    .replaceChildren(
      ...TIMES.map((time) => choice("radio", "time", time, text(`survey.time_${time}`)))
    );
  document
    .getElementById("reason-choices")
    .replaceChildren(
      ...reasons.map((reason) => choice("checkbox", "reason", reason.code, reason.name))
    );
  for (const [name, values] of Object.entries(keep)) {
    for (const value of values) {
      const input = document.getElementById(`${name}-${value}`);
      if (input) input.checked = true;
    }
  }
  if (!keep.time.length) document.getElementById(`time-${timeNow()}`).checked = true;
}

/* The time of day now, as a first guess the resident may change. */
function timeNow() {
  const hour = new Date().getHours();
  if (hour >= 6 && hour < 18) return TIMES[0];
  return hour >= 18 && hour < 22 ? TIMES[1] : TIMES[2];
}

async function drawCampaign() {
  message.hidden = true;
  document.getElementById("campaign").hidden = true;
  if (!code) {
    form.hidden = false;
    return;
  }
  campaign = await cachedJson(`/api/v1/public/campaigns/${encodeURIComponent(code)}`);
  const show = (key) => {
    message.textContent = text(key);
    message.hidden = false;
    form.hidden = true;
  };
  if (!campaign) return show("survey.unavailable");
  if (campaign.status === 404) return show("survey.not_found");
  document.getElementById("page-title").textContent = campaign.title;
  document.title = `${campaign.title} – Lykta`;
  document.getElementById("campaign-intro").textContent = campaign.intro || "";
  document.getElementById("campaign-period").textContent = text("survey.period", {
    from: formatDay(campaign.starts_on),
    to: formatDay(campaign.ends_on),
  });
  document.getElementById("campaign").hidden = false;
  document.body.dataset.campaign = campaign.open ? "open" : "closed";
  if (campaign.open) localStorage.setItem(CAMPAIGN_KEY, code);
  else if (localStorage.getItem(CAMPAIGN_KEY) === code) localStorage.removeItem(CAMPAIGN_KEY);
  if (!campaign.open) return show("survey.closed");
  form.hidden = false;
}

function check() {
  const problems = [];
  const where = place.value();
  if (!where) problems.push(document.getElementById("place-gps"));
  const [score] = checked("score");
  const [time] = checked("time");
  const scoreGroup = document.getElementById("score-group");
  const timeGroup = document.getElementById("time-group");
  document.getElementById("score-error").textContent = score ? "" : text("survey.score_missing");
  document.getElementById("time-error").textContent = time ? "" : text("survey.time_missing");
  if (!score) problems.push(document.getElementById("score-1"));
  if (!time) problems.push(document.getElementById(`time-${TIMES[0]}`));
  for (const [group, ok] of [
    [scoreGroup, score],
    [timeGroup, time],
  ]) {
    if (ok) group.removeAttribute("aria-invalid");
    else group.setAttribute("aria-invalid", "true");
  }
  formError.textContent = problems.length ? text("tips.invalid") : "";
  if (problems.length) {
    problems[0].focus();
    return null;
  }
  const body = {
    lat: where.lat,
    lon: where.lon,
    score: Number(score),
    reasons: checked("reason"),
    time_of_day: time,
    website: honeypot.value,
  };
  if (code) body.campaign = code;
  return body;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = check();
  if (!body) return;
  if (editing) {
    await queue.put({ ...editing, body, state: "waiting", message: null, errors: null, nextAt: 0 });
    editing = null;
    queue.changed();
    queue.send({ force: true });
  } else {
    await queue.add("rating", { id: uuid(), body });
  }
  // Ready for the next place: the time of day stays, the rest is cleared.
  for (const input of form.querySelectorAll('input[name="score"], input[name="reason"]')) {
    input.checked = false;
  }
  place.clear();
  setError(document.getElementById("place-gps"), "");
  thanks.textContent = `${text(navigator.onLine ? "survey.done_sent" : "survey.done_queued")} ${text("survey.again")}`;
  thanks.hidden = false;
  thanks.focus();
  announce(thanks.textContent);
});

function edit(item) {
  editing = item;
  place.set({ lat: item.body.lat, lon: item.body.lon });
  for (const input of form.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    input.checked =
      (input.name === "score" && Number(input.value) === item.body.score) ||
      (input.name === "time" && input.value === item.body.time_of_day) ||
      (input.name === "reason" && item.body.reasons.includes(input.value));
  }
  formError.textContent = item.message || "";
  place.focus();
}

async function drawReasons() {
  const list = await cachedJson("/api/v1/public/rating-reasons");
  reasons = Array.isArray(list) ? list : [];
  drawChoices();
}

async function redraw() {
  await drawCampaign();
  await drawReasons();
  place.redraw();
  thanks.hidden = true;
  await drawQueue();
}

/* The installed survey starts at /trygghet (its manifest's start_url): there it opens the
   campaign last visited, the one whose poster brought the resident here. */
function openLastCampaign() {
  const installed = matchMedia("(display-mode: standalone)").matches;
  const last = localStorage.getItem(CAMPAIGN_KEY);
  if (!code && installed && last) {
    location.replace(`/trygghet/${encodeURIComponent(last)}`);
    return true;
  }
  return false;
}

async function main() {
  if (openLastCampaign()) return;
  await loadTexts(chosenLocale());
  applyStatic();
  showNetwork();
  await drawCampaign();
  const view = campaign?.center ? { center: campaign.center, bounds: campaign.bounds } : null;
  place = placePicker(document.getElementById("place"), { gpsLabel: "survey.gps", view });
  drawQueue = renderQueue({ kind: "rating", onEdit: edit });
  queue.onChange((status) => drawQueue(status));
  setUpLanguageSwitch(redraw);
  await drawReasons();
  await drawQueue();
  registerWorker("/trygghet");
  queue.start();
  document.body.dataset.appState = "ready";
}

main();
