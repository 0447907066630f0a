// The coordinators' walks and reports, one module loaded only by coordinators and admins (and by
// owners for the reports, which the server scopes to their organisation): reporters never
// download it. Two screens, both online only — they show what the server knows now, and a walk
// is planned, started or closed by a decision that must reach it at once:
// - walks (#/walks): the list; #/walks?plan=1 plans a walk with invitations; #/walks?id=<id>
//   shows one with its participants and invitations, moves a planned walk (the invited are
//   emailed) and withdraws invitations, starts and closes it, and links to the protocol (web
//   page and PDF).
// - reports (#/reports): the dashboard as tables, and download links for the weekly lägesbild,
//   the tertial follow-up and exports of findings (CSV, GeoJSON) with a choice of columns.
// Downloads are plain links: the session cookie (SameSite=Lax) authenticates a GET.

import { api, get, patch, post } from "../api.js";
import { formatDateTime, formatDay, formatNumber, formatTime, locale, t, tn } from "../i18n.js";
import { loadConfig, state, user, write } from "../session.js";
import { createMap } from "../map.js";
import { announce, fill, h, withIcon } from "../ui.js";

const STAFF = ["coordinator", "admin"];
const WALK_TYPES = ["trygghetsvandring", "områdesvandring", "trygghetsrunda"];
const WALK_STATUSES = ["planerad", "pågår", "avslutad"];
const STATUSES = ["ny", "granskad", "skickad", "mottagen", "planerad", "åtgärdad", "verifierad", "avvisad", "dubblett", "ej vårt ansvar"];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

// --- Shared ----------------------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, "0");
const ymd = (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const hhmm = (date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

/* "2026-12-03" + "18:00" on this device → ISO 8601 with the device's offset. */
function moment(day, time) {
  const date = new Date(`${day}T${time}:00`);
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  return `${day}T${time}:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/* An end time earlier than the start time is on the next day: an evening walk until 01:00. */
const endsNextDay = (start, end) => Boolean(start && end && end < start);

function nextDay(day) {
  const date = new Date(`${day}T12:00:00`);
  date.setDate(date.getDate() + 1);
  return ymd(date);
}

/* The walk's end as ISO 8601, or null without an end time. */
function endMoment(day, start, end) {
  if (!end) return null;
  return moment(endsNextDay(start, end) ? nextDay(day) : day, end);
}

/* The date, start and end fields of a walk, and a note that says so, as it is typed, when the
   walk ends the next day. An end equal to the start is refused by checkTimes. */
function timeFields(day, start, end) {
  const fields = h("div", { class: "filters" }, field(t("walks.field.date"), day), field(t("walks.field.start"), start), field(t("walks.field.end"), end));
  const note = h("p", { class: "hint", id: `${end.id}-next-day`, "aria-live": "polite" });
  const update = () => {
    const overnight = day.value && endsNextDay(start.value, end.value);
    note.textContent = overnight ? t("walks.ends_next_day", { date: formatDay(nextDay(day.value)) }) : "";
  };
  [day, start, end].forEach((control) => control.addEventListener("input", update));
  update();
  end.setAttribute("aria-describedby", `${end.getAttribute("aria-describedby")} ${note.id}`);
  return [fields, note];
}

function checkTimes(day, start, end) {
  if (!day.value) setError(day, t("walks.error.date"));
  if (!start.value) setError(start, t("walks.error.start"));
  if (start.value && end.value === start.value) setError(end, t("walks.error.end"));
}

/* ISO week of a date: "2026-W47". */
function isoWeek(date) {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const first = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  return `${day.getUTCFullYear()}-W${pad(Math.ceil(((day - first) / 86400000 + 1) / 7))}`;
}

const days = (hours) => (hours === null || hours === undefined ? "–" : formatNumber(hours / 24, 1));
const percent = (share) => (share === null || share === undefined ? "–" : `${formatNumber(share * 100, 0)} %`);

/* The screen's frame: heading, a status line (announced), the body. */
function frame(id, title, ...children) {
  return h(
    "section",
    { class: "screen screen-reports", "aria-labelledby": `${id}-title` },
    h("h1", { id: `${id}-title`, tabindex: "-1" }, title),
    ...children
  );
}

/* No network, or no answer: say so in Swedish (or English), with a way to try again. */
function offlineView(id, title, navigate) {
  const node = frame(
    id,
    title,
    h("p", { class: "notice", role: "status", id: "reports-offline" }, t("reports.offline")),
    h("button", { type: "button", class: "button", id: "reports-retry", onclick: () => navigate(location.hash) }, t("reports.retry"))
  );
  return { title, node };
}

const failure = (error) => (error.status === 0 ? t("reports.offline") : error.message);

/* A labelled control in a .field; `hint` and an error line are tied to it by aria-describedby. */
function field(label, control, hint) {
  const error = h("p", { class: "field-error", id: `${control.id}-error` });
  const hintNode = hint ? h("p", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  control.setAttribute("aria-describedby", [hintNode && hintNode.id, error.id].filter(Boolean).join(" "));
  return h("div", { class: "field" }, h("label", { for: control.id }, label), hintNode, control, error);
}

function setError(control, text) {
  const error = document.getElementById(`${control.id}-error`) || control.parentElement.querySelector(".field-error");
  if (error) error.textContent = text || "";
  if (text) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

const options = (pairs, chosen) =>
  pairs.map(([value, text]) => h("option", { value, selected: String(value) === String(chosen) ? true : null }, text));

/* The areas for a select: [["", all], [id, name]...]; none offline. */
async function areaOptions(allText) {
  const areas = await get("/api/v1/areas").catch(() => []);
  return [["", allText], ...areas.map((area) => [area.id, area.name])];
}

/* A table with caption, column headers and row headers (the first `rowHeaders` cells). On a
   narrow screen each row is a card, and each cell shows its column's name (data-label, see
   app.css) — unless `wide`: a cross table keeps its columns and scrolls sideways. */
function table(id, caption, headers, rows, empty, { rowHeaders = 1, wide = false } = {}) {
  if (!rows.length) return h("p", { class: "empty", id }, empty || t("reports.none"));
  const cell = (value, index) => (index < rowHeaders ? h("th", { scope: "row" }, value) : h("td", { dataset: { label: headers[index] } }, value));
  return h(
    "div",
    { class: "table-scroll", role: "region", "aria-labelledby": `${id}-caption`, tabindex: "0" },
    h(
      "table",
      { class: `${wide ? "wide-table" : "cases-table"} report-table`, id },
      h("caption", { id: `${id}-caption` }, caption),
      h("thead", null, h("tr", null, headers.map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", null, rows.map((cells) => h("tr", null, cells.map(cell))))
    )
  );
}

/* A download link: a plain GET with the session cookie; offline, a message instead. */
function download(id, text, status) {
  return h(
    "a",
    {
      class: "button",
      id,
      href: "#",
      onclick: (event) => {
        if (event.currentTarget.hasAttribute("aria-disabled")) return event.preventDefault(); // no column
        if (navigator.onLine) return;
        event.preventDefault();
        status.textContent = t("reports.offline");
        announce(t("reports.offline"));
      },
    },
    text
  );
}

const query = (params) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== "" && value !== null && value !== undefined) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
};

// --- Walks -----------------------------------------------------------------------------------

export async function walks({ params, navigate }) {
  if (params.has("id")) return walkPage(params.get("id"), navigate);
  if (params.has("plan")) return planForm(navigate);
  return walkList(navigate);
}

async function walkList(navigate) {
  const title = t("walks.title");
  if (!navigator.onLine) return offlineView("walks", title, navigate);
  let list;
  try {
    list = await get("/api/v1/walks");
  } catch (error) {
    if (error.status === 0) return offlineView("walks", title, navigate);
    throw error;
  }
  const flash = state.flash;
  state.flash = null;
  if (flash) announce(flash);
  const node = frame(
    "walks",
    title,
    flash ? h("p", { class: "flash", role: "status", id: "walks-flash" }, flash) : null,
    h("a", { class: "button button-primary", href: "#/walks?plan=1", id: "walks-plan" }, withIcon("plus", t("walks.plan"))),
    h("p", { id: "walks-summary", role: "status" }, tn("walks.count", list.length)),
    table(
      "walks-table",
      t("walks.table_caption"),
      [t("walks.col.title"), t("walks.col.when"), t("walks.col.type"), t("walks.col.area"), t("walks.col.status")],
      list.map((walk) => [
        h("a", { class: "case-link", href: `#/walks?id=${walk.id}`, dataset: { walkId: walk.id } }, walk.title),
        formatDateTime(walk.planned_start),
        t(`walk.type.${walk.type}`),
        walk.area ? walk.area.name : "–",
        t(`walk.status.${walk.status}`),
      ]),
      t("walks.none")
    )
  );
  return { title, node };
}

async function planForm(navigate) {
  const title = t("walks.plan_title");
  if (!navigator.onLine) return offlineView("walk-plan", title, navigate);
  const areas = await areaOptions(t("walks.no_area"));
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  const type = h("select", { id: "plan-type" }, options(WALK_TYPES.map((key) => [key, t(`walk.type.${key}`)])));
  const name = h("input", { type: "text", id: "plan-title", required: true, maxlength: "200", autocomplete: "off" });
  const area = h("select", { id: "plan-area" }, options(areas));
  const day = h("input", { type: "date", id: "plan-date", required: true, value: ymd(tomorrow) });
  const start = h("input", { type: "time", id: "plan-start", required: true, value: "18:00" });
  const end = h("input", { type: "time", id: "plan-end", value: "20:00" });
  const meeting = h("input", { type: "text", id: "plan-meeting", maxlength: "300" });
  const description = h("textarea", { id: "plan-description", rows: "3", maxlength: "4000" });
  const invite = h("textarea", { id: "plan-invite", rows: "4", autocomplete: "off", spellcheck: "false" });
  const formError = h("p", { class: "form-error", id: "plan-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "button button-primary", id: "plan-submit" }, t("walks.plan_submit"));

  async function send(event) {
    event.preventDefault();
    formError.textContent = "";
    const controls = [name, day, start, end, invite, area];
    controls.forEach((control) => setError(control, ""));
    const { emails, wrong } = emailList(invite.value);
    if (!name.value.trim()) setError(name, t("walks.error.title"));
    checkTimes(day, start, end);
    if (wrong.length) setError(invite, t("walks.error.emails", { emails: wrong.join(", ") }));
    const invalid = controls.find((control) => control.getAttribute("aria-invalid") === "true");
    if (invalid) return invalid.focus();
    const body = {
      type: type.value,
      title: name.value.trim(),
      area_id: area.value ? Number(area.value) : null,
      planned_start: moment(day.value, start.value),
      planned_end: endMoment(day.value, start.value, end.value),
      meeting_point: meeting.value.trim(),
      description: description.value.trim(),
      invite: emails,
    };
    submit.setAttribute("aria-busy", "true");
    try {
      const walk = await write(() => post("/api/v1/walks", body));
      state.flash = tn("walks.planned", emails.length, { title: walk.title });
      navigate(`#/walks?id=${walk.id}`);
    } catch (error) {
      formError.textContent = failure(error);
      const fields = { title: name, planned_start: start, planned_end: end, invite, area_id: area };
      for (const [key, messages] of Object.entries(error.errors || {})) {
        const control = fields[key.split(".")[0]];
        if (control) setError(control, [].concat(messages).join(" "));
      }
      formError.focus();
    } finally {
      submit.removeAttribute("aria-busy");
    }
  }

  const node = frame(
    "walk-plan",
    title,
    h("a", { class: "back-link", href: "#/walks" }, t("walks.back")),
    h(
      "form",
      { class: "card stack", id: "plan-form", novalidate: true, onsubmit: send },
      field(t("walks.field.type"), type),
      field(t("walks.field.title"), name),
      field(t("walks.field.area"), area),
      ...timeFields(day, start, end),
      field(t("walks.field.meeting"), meeting),
      field(t("walks.field.description"), description),
      field(t("walks.field.invite"), invite, t("walks.field.invite_hint")),
      formError,
      submit
    )
  );
  formError.setAttribute("tabindex", "-1");
  return { title, node };
}

async function walkPage(id, navigate) {
  const title = t("walks.walk_title");
  if (!navigator.onLine) return offlineView("walk", title, navigate);
  let walk;
  try {
    walk = await get(`/api/v1/walks/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 0) return offlineView("walk", title, navigate);
    if (error.status === 404) {
      return { title, node: frame("walk", t("walks.not_found"), h("a", { class: "back-link", href: "#/walks" }, t("walks.back"))) };
    }
    throw error;
  }
  const staff = STAFF.includes(user().role);
  const body = h("div", { class: "stack", id: "walk-body" });
  const status = h("p", { class: "flash", role: "status", id: "walk-flash", tabindex: "-1" });
  const heading = h("h1", { id: "walk-title", tabindex: "-1" }, walk.title);

  function draw(message) {
    heading.textContent = walk.title;
    status.textContent = message || "";
    status.hidden = !message;
    const withdraw = staff && walk.status === "planerad" ? withdrawButton : null;
    fill(body, details(walk), people(walk, withdraw), staff ? actions() : null, protocolLinks(walk));
    document.body.dataset.walkStatus = walk.status;
  }

  /* Send a change; on success show the walk as it is now, and say so. */
  async function act(button, call, done, error = document.getElementById("walk-action-error")) {
    error.textContent = "";
    button.setAttribute("aria-busy", "true");
    try {
      walk = await write(call);
      draw(typeof done === "function" ? done() : done);
      status.focus();
      return true;
    } catch (problem) {
      error.textContent = failure(problem);
      return false;
    } finally {
      button.removeAttribute("aria-busy");
    }
  }

  function withdrawButton(invitation) {
    const button = h(
      "button",
      { type: "button", class: "button", dataset: { withdraw: invitation.email }, "aria-label": t("walks.withdraw_named", { email: invitation.email }) },
      t("walks.withdraw")
    );
    const path = `/api/v1/walks/${walk.id}/invitations/${invitation.id}`;
    button.addEventListener("click", () => act(button, () => api("DELETE", path), t("walks.withdrawn", { email: invitation.email })));
    return button;
  }

  function actions() {
    if (walk.status === "inställd") return null; // nothing more can happen to it
    const error = h("p", { class: "form-error", id: "walk-action-error", role: "alert" });
    const parts = [];
    if (walk.status === "planerad") {
      const startButton = h("button", { type: "button", class: "button button-primary", id: "walk-start" }, t("walks.start"));
      startButton.addEventListener("click", () => act(startButton, () => post(`/api/v1/walks/${walk.id}/start`, {}), t("walks.started")));
      parts.push(startButton);
    }
    const summary = h("textarea", { id: "walk-summary", rows: "5", maxlength: "20000" });
    summary.value = walk.summary || "";
    const closing = walk.status !== "avslutad";
    const closeButton = h("button", { type: "submit", class: "button", id: "walk-close" }, closing ? t("walks.close") : t("walks.save_summary"));
    const form = h(
      "form",
      {
        class: "stack",
        id: "walk-close-form",
        onsubmit: (event) => {
          event.preventDefault();
          act(closeButton, () => post(`/api/v1/walks/${walk.id}/close`, { summary: summary.value.trim() }), closing ? t("walks.closed") : t("walks.summary_saved"));
        },
      },
      field(t("walks.field.summary"), summary, t("walks.field.summary_hint")),
      closeButton
    );
    return h(
      "section",
      { class: "card stack", "aria-labelledby": "walk-actions-title" },
      h("h2", { id: "walk-actions-title" }, t("walks.actions")),
      ...parts,
      form,
      walk.status === "planerad" ? moveForm() : null,
      closing ? inviteForm() : null,
      walk.status === "planerad" ? cancelForm() : null,
      error
    );
  }

  /* A planned walk is called off, which cannot be undone: the box must be ticked first. */
  function cancelForm() {
    const reason = h("textarea", { id: "walk-cancel-reason", rows: "3", maxlength: "2000" });
    const sure = h("input", { type: "checkbox", id: "walk-cancel-sure" });
    const sureError = h("p", { class: "field-error", id: "walk-cancel-sure-error" });
    const error = h("p", { class: "form-error", id: "walk-cancel-error", role: "alert" });
    const button = h("button", { type: "submit", class: "button", id: "walk-cancel" }, t("walks.cancel"));
    const send = (event) => {
      event.preventDefault();
      setError(sure, sure.checked ? "" : t("walks.error.cancel_sure"));
      if (!sure.checked) return sure.focus();
      act(button, () => post(`/api/v1/walks/${walk.id}/cancel`, { reason: reason.value.trim() || null }), t("walks.cancelled"), error);
    };
    sure.setAttribute("aria-describedby", sureError.id);
    return h(
      "form",
      { class: "stack", id: "walk-cancel-form", novalidate: true, onsubmit: send },
      h("h3", null, t("walks.cancel_title")),
      h("p", { class: "hint" }, t("walks.cancel_hint")),
      field(t("walks.field.cancel_reason"), reason),
      h("ul", { class: "check-list" }, h("li", null, sure, h("label", { for: sure.id }, t("walks.cancel_sure")))),
      sureError,
      error,
      button
    );
  }

  /* A planned walk moves: new date, times or meeting point; the server emails the invited. */
  function moveForm() {
    const begins = new Date(walk.planned_start);
    const day = h("input", { type: "date", id: "move-date", required: true, value: ymd(begins) });
    const start = h("input", { type: "time", id: "move-start", required: true, value: hhmm(begins) });
    const end = h("input", { type: "time", id: "move-end", value: walk.planned_end ? hhmm(new Date(walk.planned_end)) : "" });
    const meeting = h("input", { type: "text", id: "move-meeting", maxlength: "300", value: walk.meeting_point || "" });
    const error = h("p", { class: "form-error", id: "move-error", role: "alert" });
    const button = h("button", { type: "submit", class: "button", id: "move-submit" }, t("walks.move"));
    const send = (event) => {
      event.preventDefault();
      [day, start, end].forEach((control) => setError(control, ""));
      checkTimes(day, start, end);
      const invalid = [day, start, end].find((control) => control.getAttribute("aria-invalid") === "true");
      if (invalid) return invalid.focus();
      const body = {
        planned_start: moment(day.value, start.value),
        planned_end: endMoment(day.value, start.value, end.value),
        meeting_point: meeting.value.trim(),
      };
      const before = walk.revision;
      const invited = walk.invitations.length;
      const said = () => (walk.revision === before ? t("walks.unchanged") : invited ? tn("walks.moved_told", invited) : t("walks.moved"));
      act(button, () => patch(`/api/v1/walks/${walk.id}`, body), said, error);
    };
    return h(
      "form",
      { class: "stack", id: "walk-move-form", novalidate: true, onsubmit: send },
      h("h3", null, t("walks.move_title")),
      h("p", { class: "hint", id: "move-hint" }, t("walks.move_hint")),
      ...timeFields(day, start, end),
      field(t("walks.field.meeting"), meeting),
      error,
      button
    );
  }

  function inviteForm() {
    const more = h("textarea", { id: "walk-invite", rows: "3", autocomplete: "off", spellcheck: "false" });
    const button = h("button", { type: "submit", class: "button", id: "walk-invite-send" }, t("walks.invite_more"));
    const send = (event) => {
      event.preventDefault();
      setError(more, "");
      const { emails, wrong } = emailList(more.value);
      if (!emails.length) setError(more, t("walks.error.no_emails"));
      else if (wrong.length) setError(more, t("walks.error.emails", { emails: wrong.join(", ") }));
      if (more.getAttribute("aria-invalid") === "true") return more.focus();
      act(button, () => post(`/api/v1/walks/${walk.id}/invitations`, { emails }), t("walks.invited_more", { count: emails.length }));
    };
    return h("form", { class: "stack", id: "walk-invite-form", onsubmit: send }, field(t("walks.field.invite"), more, t("walks.field.invite_more_hint")), button);
  }

  const flash = state.flash;
  state.flash = null;
  draw(flash);
  if (flash) announce(flash);
  const node = h(
    "section",
    { class: "screen screen-reports", "aria-labelledby": "walk-title" },
    h("a", { class: "back-link", href: "#/walks" }, t("walks.back")),
    heading,
    status,
    body
  );
  return { title: walk.title, node, destroy: () => delete document.body.dataset.walkStatus };
}

function details(walk) {
  const sameDay = walk.planned_end && ymd(new Date(walk.planned_start)) === ymd(new Date(walk.planned_end));
  const end = walk.planned_end ? (sameDay ? `–${formatTime(walk.planned_end)}` : ` – ${formatDateTime(walk.planned_end)}`) : "";
  const when = formatDateTime(walk.planned_start) + end;
  const rows = [
    [t("walks.col.status"), h("span", { id: "walk-status" }, t(`walk.status.${walk.status}`))],
    [t("walks.col.type"), t(`walk.type.${walk.type}`)],
    [t("walks.col.when"), when],
    [t("walks.col.area"), walk.area ? walk.area.name : "–"],
    [t("walks.field.meeting"), walk.meeting_point || "–"],
    [t("walks.field.description"), walk.description || "–"],
    [t("walks.findings"), t("walks.findings_count", { deviations: formatNumber(walk.findings.deviations), positive: formatNumber(walk.findings.positive) })],
    walk.summary ? [t("walks.field.summary"), h("span", { id: "walk-summary-text", class: "pre-line" }, walk.summary)] : null,
  ].filter(Boolean);
  return h(
    "dl",
    { class: "facts card", id: "walk-facts" },
    rows.flatMap(([term, value]) => [h("dt", null, term), h("dd", null, value)])
  );
}

/* Participants and, for coordinators, the invitations; withdraw(invitation) gives a button. */
function people(walk, withdraw) {
  return h(
    "section",
    { class: "stack", "aria-labelledby": "walk-people-title" },
    h("h2", { id: "walk-people-title" }, t("walks.participants")),
    table("walk-participants", t("walks.participants"), [t("walks.col.name"), t("walks.col.organisation")], walk.participants.map((p) => [p.name, p.organisation]), t("walks.no_participants")),
    walk.invitations
      ? table(
          "walk-invitations",
          t("walks.invitations"),
          [t("walks.col.email"), t("walks.col.account"), t("walks.col.invited"), t("walks.col.delivery"), withdraw ? t("walks.col.withdraw") : null].filter(Boolean),
          walk.invitations.map((invitation) =>
            [
              invitation.email,
              invitation.user ? invitation.user.name : t("walks.no_account"),
              formatDateTime(invitation.invited_at),
              h("span", { class: `delivery delivery-${invitation.delivery}`, dataset: { delivery: invitation.delivery } }, t(`walks.delivery.${invitation.delivery}`)),
              withdraw ? withdraw(invitation) : null,
            ].filter(Boolean)
          ),
          t("walks.no_invitations")
        )
      : null
  );
}

function protocolLinks(walk) {
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "walk-protocol-title" },
    h("h2", { id: "walk-protocol-title" }, t("walks.protocol")),
    h("p", { class: "hint" }, t("walks.protocol_hint")),
    h(
      "div",
      { class: "button-row" },
      h("a", { class: "button", id: "walk-protocol-page", href: walk.protocol_url, target: "_blank", rel: "noopener" }, t("walks.protocol_page")),
      h("a", { class: "button", id: "walk-protocol-pdf", href: walk.protocol_pdf_url, target: "_blank", rel: "noopener" }, t("walks.protocol_pdf"))
    )
  );
}

function emailList(text) {
  const emails = text.split(/[\n,;]+/).map((line) => line.trim()).filter(Boolean);
  return { emails, wrong: emails.filter((email) => !EMAIL.test(email)) };
}

// --- Reports ---------------------------------------------------------------------------------

export async function reports({ navigate }) {
  const title = t("reports.title");
  if (!navigator.onLine) return offlineView("reports", title, navigate);
  let areas;
  let columns;
  let categories;
  try {
    [areas, columns, categories] = await Promise.all([
      areaOptions(t("reports.all_areas")),
      get("/api/v1/exports/columns"),
      get("/api/v1/categories").catch(() => []),
    ]);
  } catch (error) {
    if (error.status === 0) return offlineView("reports", title, navigate);
    throw error;
  }
  const now = new Date();
  const ago = new Date();
  ago.setDate(ago.getDate() - 89);
  const status = h("p", { class: "hint", id: "reports-status", role: "status" });

  // The dashboard: a period and an area, then tables.
  const from = h("input", { type: "date", id: "dash-from", value: ymd(ago) });
  const to = h("input", { type: "date", id: "dash-to", value: ymd(now) });
  const dashArea = h("select", { id: "dash-area" }, options(areas));
  const dashBox = h("div", { class: "stack", id: "dashboard", "aria-live": "off" });
  const dashStatus = h("p", { id: "dash-status", role: "status" });
  let hotMap = null; // Leaflet needs the screen in the page: drawn at once, or when mounted
  let hotSpots = null;

  async function loadDashboard(event) {
    if (event) event.preventDefault();
    if (!navigator.onLine) return (dashStatus.textContent = t("reports.offline"));
    dashStatus.textContent = t("reports.loading");
    try {
      const data = await get(`/api/v1/reports/dashboard${query({ from: from.value, to: to.value, area: dashArea.value })}`);
      if (hotMap) hotMap.remove();
      hotMap = null;
      const names = localNames(categories);
      for (const { properties: cell } of data.hot_spots.features) cell.top_category = names.category(cell.top_category_code, cell.top_category);
      fill(dashBox, dashboard(data, names, status));
      hotSpots = data.hot_spots;
      if (dashBox.isConnected) hotMap = await drawHotSpots(dashBox, hotSpots);
      dashStatus.textContent = t("reports.dashboard_ready", { from: data.period.from, to: data.period.to });
      document.body.dataset.dashboard = "ready";
    } catch (error) {
      dashStatus.textContent = failure(error);
    }
  }

  // Lägesbild and tertial: links that follow the form.
  const week = h("input", { type: "week", id: "lb-week", value: isoWeek(now), pattern: "\\d{4}-?W\\d{2}" });
  const lbArea = h("select", { id: "lb-area" }, options(areas));
  const lbPdf = download("lb-pdf", t("reports.pdf"), status);
  const lbCsv = download("lb-csv", t("reports.csv"), status);
  const year = h("input", { type: "number", id: "tr-year", min: "2000", max: "2999", value: String(now.getFullYear()), inputmode: "numeric" });
  const tertial = h("select", { id: "tr-tertial" }, options([1, 2, 3].map((n) => [n, t(`reports.tertial_${n}`)]), Math.floor(now.getMonth() / 4) + 1));
  const trArea = h("select", { id: "tr-area" }, options(areas));
  const trPdf = download("tr-pdf", t("reports.pdf"), status);
  const trCsv = download("tr-csv", t("reports.csv"), status);

  // The export: filters as the findings list has them, and a choice of columns.
  const exStatus = h("select", { id: "ex-status" }, options([["", t("reports.all_statuses")], ...STATUSES.map((s) => [s, t(`status.${s}`)])]));
  const exCategory = h(
    "select",
    { id: "ex-category" },
    options([["", t("reports.all_categories")], ...categories.map((c) => [c.code, categoryName(c)])])
  );
  const exArea = h("select", { id: "ex-area" }, options(areas));
  const exFrom = h("input", { type: "date", id: "ex-from" });
  const exTo = h("input", { type: "date", id: "ex-to" });
  const usable = columns.filter((column) => column.available);
  const boxes = usable.map((column) => h("input", { type: "checkbox", id: `col-${column.key}`, value: column.key, checked: column.default }));
  const exCsv = download("ex-csv", t("reports.csv"), status);
  const exGeo = download("ex-geojson", t("reports.geojson"), status);
  const colError = h("p", { class: "field-error", id: "ex-columns-error", role: "alert" });

  function links() {
    const lb = query({ area: lbArea.value, week: week.value });
    lbPdf.href = `/api/v1/reports/lagesbild.pdf${lb}`;
    lbCsv.href = `/api/v1/reports/lagesbild.csv${lb}`;
    const tr = query({ year: year.value, tertial: tertial.value, area: trArea.value });
    trPdf.href = `/api/v1/reports/tertial.pdf${tr}`;
    trCsv.href = `/api/v1/reports/tertial.csv${tr}`;
    const chosen = boxes.filter((box) => box.checked).map((box) => box.value);
    colError.textContent = chosen.length ? "" : t("reports.no_columns");
    const ex = query({ status: exStatus.value, category: exCategory.value, area: exArea.value, from: exFrom.value, to: exTo.value, columns: chosen.join(",") });
    exCsv.href = `/api/v1/exports/findings.csv${ex}`;
    exGeo.href = `/api/v1/exports/findings.geojson${ex}`;
    for (const link of [exCsv, exGeo]) link.toggleAttribute("aria-disabled", !chosen.length);
  }

  const section = (id, heading, ...children) =>
    h("section", { class: "card stack", "aria-labelledby": `${id}-title`, id }, h("h2", { id: `${id}-title` }, heading), ...children);
  const scope = h("p", { class: "hint", id: "reports-scope" }, STAFF.includes(user().role) ? t("reports.scope_all") : t("reports.scope_org", { org: (user().organisation && user().organisation.name) || "" }));

  const node = frame(
    "reports",
    title,
    scope,
    status,
    section(
      "dash-section",
      t("reports.dashboard"),
      h(
        "form",
        { class: "filters", id: "dash-form", onsubmit: loadDashboard },
        field(t("reports.from"), from),
        field(t("reports.to"), to),
        field(t("reports.area"), dashArea),
        h("div", { class: "field field-submit" }, h("button", { type: "submit", class: "button button-primary", id: "dash-submit" }, t("reports.show")))
      ),
      dashStatus,
      dashBox
    ),
    section(
      "lb-section",
      t("reports.lagesbild"),
      h("p", { class: "hint" }, t("reports.lagesbild_hint")),
      h("form", { class: "filters", id: "lb-form", oninput: links, onchange: links, onsubmit: (e) => e.preventDefault() }, field(t("reports.week"), week, t("reports.week_hint")), field(t("reports.area"), lbArea)),
      h("div", { class: "button-row" }, lbPdf, lbCsv)
    ),
    section(
      "tr-section",
      t("reports.tertial"),
      h("p", { class: "hint" }, t("reports.tertial_hint")),
      h("form", { class: "filters", id: "tr-form", oninput: links, onchange: links, onsubmit: (e) => e.preventDefault() }, field(t("reports.year"), year), field(t("reports.tertial_label"), tertial), field(t("reports.area"), trArea)),
      h("div", { class: "button-row" }, trPdf, trCsv)
    ),
    section(
      "ex-section",
      t("reports.export"),
      h("p", { class: "hint" }, t("reports.export_hint")),
      h(
        "form",
        { class: "stack", id: "ex-form", oninput: links, onchange: links, onsubmit: (e) => e.preventDefault() },
        h("div", { class: "filters" }, field(t("reports.status"), exStatus), field(t("reports.category"), exCategory), field(t("reports.area"), exArea), field(t("reports.from"), exFrom), field(t("reports.to"), exTo)),
        h(
          "fieldset",
          { class: "column-choice", "aria-describedby": "ex-columns-error" },
          h("legend", null, t("reports.columns")),
          h("ul", { class: "check-list" }, usable.map((column, index) => h("li", null, boxes[index], h("label", { for: boxes[index].id }, column.label))))
        ),
        colError
      ),
      h("div", { class: "button-row" }, exCsv, exGeo)
    )
  );
  links();
  await loadDashboard();
  return {
    title,
    node,
    mounted: async () => {
      if (!hotMap) hotMap = await drawHotSpots(dashBox, hotSpots);
    },
    destroy: () => {
      delete document.body.dataset.dashboard;
      if (hotMap) hotMap.remove();
    },
  };
}

/* The hot spots of the period on a map: one square per grid cell, darker the more findings
   it holds. The same cells are in the table above, for those who do not see the map. */
async function drawHotSpots(dashBox, collection) {
  const box = dashBox.querySelector("#dash-hot-map");
  const note = dashBox.querySelector("#dash-hot-map-status");
  const cells = (collection && collection.features) || [];
  if (!box || !cells.length) return null;
  try {
    const { L, map } = await createMap(box, {
      config: await loadConfig(),
      center: [59.5186, 17.9119],
      zoom: 14,
      onTiles: (status) => (note.textContent = status === "loaded" ? "" : t("reports.hot_map_no_tiles")),
    });
    if (!box.isConnected) return map.remove();
    const most = Math.max(...cells.map((cell) => cell.properties.count));
    const layer = L.geoJSON(collection, {
      style: (cell) => ({ color: "#7a1f00", weight: 1, fillColor: "#c2410c", fillOpacity: 0.15 + 0.6 * (cell.properties.count / most) }),
      onEachFeature: (cell, shape) => shape.bindTooltip(hotSpotText(cell.properties)),
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 17, animate: false });
    box.dataset.cells = String(cells.length);
    return map;
  } catch (error) {
    box.hidden = true;
    note.textContent = t("reports.hot_map_unavailable");
    return null;
  }
}

function hotSpotText(cell) {
  return t("reports.hot_cell", { count: formatNumber(cell.count), open: formatNumber(cell.open), category: cell.top_category });
}

const categoryName = (category) => (locale() === "sv" ? category.name_sv : category.name_en);

/* The server names categories and "not assigned" in Swedish: here they are in the reader's
   language. */
/* The cross table for a spreadsheet: the dashboard's period and area. */
function ownerCategoryCsv(data, status) {
  const link = download("dash-owner-category-csv", t("reports.owner_category_csv"), status);
  link.href = `/api/v1/reports/owner-category.csv${query({ from: data.period.from, to: data.period.to, area: data.area && data.area.id })}`;
  return h("p", null, link);
}

function localNames(categories) {
  const names = new Map(categories.map((c) => [c.code, categoryName(c)]));
  return {
    category: (code, name) => names.get(code) || name,
    owner: (id, name) => (id === null ? t("reports.unassigned") : name),
  };
}

function dashboard(data, names, status) {
  const s = data.summary;
  const named = (items, nameOf = (item) => item.name) => items.map((item) => [nameOf(item), formatNumber(item.count)]);
  const owner = (item) => names.owner(item.id, item.name);
  const count = [t("reports.col.name"), t("reports.col.count")];
  const backlog = data.backlog;
  return [
    table("dash-summary", t("reports.summary"), [t("reports.col.figure"), t("reports.col.value")], [
      [t("reports.new"), formatNumber(s.new)],
      [t("reports.closed"), formatNumber(s.closed)],
      [t("reports.positive"), formatNumber(s.positive)],
      [t("reports.acknowledged"), formatNumber(s.acknowledged)],
      [t("reports.median_ack"), days(s.median_hours_to_acknowledge)],
      [t("reports.fixed"), formatNumber(s.fixed)],
      [t("reports.median_fix"), days(s.median_hours_to_fix)],
      [t("reports.within_target"), t("reports.within_target_value", { share: percent(s.share_fixed_within_target), count: formatNumber(s.fixed_within_target), total: formatNumber(s.fixed_with_due_date) })],
      [t("reports.open_now"), formatNumber(backlog.open)],
      [t("reports.overdue_now"), formatNumber(backlog.overdue)],
    ]),
    table("dash-by-status", t("reports.by_status"), count, data.by_status.map((item) => [t(`status.${item.id}`), formatNumber(item.count)])),
    table("dash-category", t("reports.by_category"), count, named(data.by_category, (item) => names.category(item.id, item.name))),
    table("dash-area", t("reports.by_area"), count, named(data.by_area)),
    table("dash-owner", t("reports.by_owner"), count, named(data.by_owner, owner)),
    table(
      "dash-durations",
      t("reports.durations_by_owner"),
      [t("reports.col.name"), t("reports.col.fixed"), t("reports.col.median_fix"), t("reports.col.within_target")],
      data.durations.by_owner.map((item) => [owner(item), formatNumber(item.fixed), days(item.median_hours_to_fix), percent(item.share_fixed_within_target)])
    ),
    table(
      "dash-owner-category",
      t("reports.by_owner_category"),
      [t("reports.col.owner"), t("reports.category"), t("reports.new"), t("reports.closed"), t("reports.open_now"), t("reports.overdue_now"), t("reports.col.median_fix"), t("reports.col.within_target")],
      data.by_owner_category.map((pair) => [
        owner(pair.owner),
        names.category(pair.category.code, pair.category.name),
        ...[pair.new, pair.closed, pair.open, pair.overdue].map((count) => formatNumber(count)),
        days(pair.median_hours_to_fix),
        percent(pair.share_fixed_within_target),
      ]),
      null,
      { rowHeaders: 2, wide: true }
    ),
    data.by_owner_category.length ? ownerCategoryCsv(data, status) : null,
    table(
      "dash-hotspots",
      t("reports.hot_spots", { metres: formatNumber(data.hot_spots.cell_m) }),
      [t("reports.col.rank"), t("reports.col.findings"), t("reports.col.open"), t("reports.col.top_category")],
      data.hot_spots.features.slice(0, 10).map((cell, index) => [formatNumber(index + 1), formatNumber(cell.properties.count), formatNumber(cell.properties.open), cell.properties.top_category])
    ),
    h("div", { class: "map", id: "dash-hot-map", role: "region", "aria-label": t("reports.hot_map_label") }),
    h("p", { class: "hint", id: "dash-hot-map-status", role: "status" }),
    table("dash-weekly", t("reports.weekly"), [t("reports.col.week"), t("reports.new"), t("reports.closed")], data.weekly.map((item) => [item.week, formatNumber(item.new), formatNumber(item.closed)])),
    table(
      "dash-overdue",
      t("reports.overdue_by_owner"),
      [t("reports.col.name"), t("reports.col.overdue"), t("reports.col.oldest_due"), t("reports.col.days_late")],
      backlog.overdue_by_owner.map((item) => [owner(item), formatNumber(item.overdue), item.oldest_due_date, formatNumber(item.max_days_overdue)])
    ),
  ];
}
