// The forms on walks (walks.js): the staff's actions on one walk — start it, close it or save
// its summary, move it (the invited are emailed), invite more, withdraw an invitation, call it
// off — and what the plan form shares with them: the date and times, and lists of addresses.
// Each action is sent at once (write) and the page then shows the walk as the server answered.

import { api, get, patch, post } from "../api.js";
import { field, setError } from "../forms.js";
import { formatDay, t, tn } from "../i18n.js";
import { h } from "../ui.js";
import { options, pad, table, ymd } from "./online.js";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const hhmm = (date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

/* "2026-12-03" + "18:00" on this device → ISO 8601 with the device's offset. */
export function moment(day, time) {
  const date = new Date(`${day}T${time}:00`);
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const hours = pad(Math.floor(Math.abs(offset) / 60));
  return `${day}T${time}:00${sign}${hours}:${pad(Math.abs(offset) % 60)}`;
}

/* Uppföljning av: the closed walks a new walk may follow up (the trygghetsvandring's
   uppföljande vandring), latest first; its participants then mark the earlier walk's findings. */
export async function followsSelect() {
  const closed = await get("/api/v1/walks?status=avslutad&limit=100").catch(() => []);
  const label = (walk) => `${walk.title} (${formatDay(ymd(new Date(walk.planned_start)))})`;
  const choices = closed.map((walk) => [String(walk.id), label(walk)]);
  const select = h(
    "select",
    { id: "plan-follows" },
    options([["", t("walks.no_follows")], ...choices])
  );
  return { select, node: field(t("walks.field.follows"), select, t("walks.field.follows_hint")) };
}

/* Räknas mot åtagande: the commitments a walk carries out (all but an insats, which is logged
   on its own) of the medborgarlöften running on the walk's day, by promise; closed, the walk
   counts toward it in the tertial it started (docs/promises.md). Follows the date field. */
export async function commitmentSelect(day) {
  const promises = await get("/api/v1/promises").catch(() => []);
  const select = h("select", { id: "plan-commitment" });
  const fill = () => {
    const chosen = select.value;
    const running = promises.filter((p) => p.starts_on <= day.value && p.ends_on >= day.value);
    const group = (promise) => {
      const walks = promise.commitments.filter((c) => c.kind !== "insats");
      const choices = walks.map((c) => [
        String(c.id),
        `${c.text} (${t(`promise.kind.${c.kind}`)})`,
      ]);
      return walks.length ? h("optgroup", { label: promise.title }, options(choices)) : null;
    };
    select.replaceChildren(
      h("option", { value: "" }, t("walks.no_commitment")),
      ...running.map(group).filter(Boolean)
    );
    select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
  };
  fill();
  day.addEventListener("change", fill);
  const node = promises.length
    ? field(t("walks.field.commitment"), select, t("walks.field.commitment_hint"))
    : null;
  return { select, node, value: () => (select.value ? Number(select.value) : null) };
}

/* An end time earlier than the start time is on the next day: an evening walk until 01:00. */
const endsNextDay = (start, end) => Boolean(start && end && end < start);

function nextDay(day) {
  const date = new Date(`${day}T12:00:00`);
  date.setDate(date.getDate() + 1);
  return ymd(date);
}

/* The walk's end as ISO 8601, or null without an end time. */
export function endMoment(day, start, end) {
  if (!end) return null;
  return moment(endsNextDay(start, end) ? nextDay(day) : day, end);
}

/* The date, start and end fields of a walk, and a note that says so, as it is typed, when the
   walk ends the next day. An end equal to the start is refused by checkTimes. */
export function timeFields(day, start, end) {
  const fields = h(
    "div",
    { class: "filters" },
    field(t("walks.field.date"), day),
    field(t("walks.field.start"), start),
    field(t("walks.field.end"), end)
  );
  const note = h("p", { class: "hint", id: `${end.id}-next-day`, "aria-live": "polite" });
  const update = () => {
    const overnight = day.value && endsNextDay(start.value, end.value);
    note.textContent = overnight
      ? t("walks.ends_next_day", { date: formatDay(nextDay(day.value)) })
      : "";
  };
  for (const control of [day, start, end]) control.addEventListener("input", update);
  update();
  end.setAttribute("aria-describedby", `${end.getAttribute("aria-describedby")} ${note.id}`);
  return [fields, note];
}

export function checkTimes(day, start, end) {
  if (!day.value) setError(day, t("walks.error.date"));
  if (!start.value) setError(start, t("walks.error.start"));
  if (start.value && end.value === start.value) setError(end, t("walks.error.end"));
}

export function emailList(text) {
  const emails = text
    .split(/[\n,;]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  return { emails, wrong: emails.filter((email) => !EMAIL.test(email)) };
}

/* One walk's page (walks.js) and these forms share `page`: {walk, act}: the walk as the server
   last answered, and act(button, call, done, error) that sends a change and draws the page. */

export function withdrawButton(page, invitation) {
  const button = h(
    "button",
    {
      type: "button",
      class: "button",
      dataset: { withdraw: invitation.email },
      "aria-label": t("walks.withdraw_named", { email: invitation.email }),
    },
    t("walks.withdraw")
  );
  const path = `/api/v1/walks/${page.walk.id}/invitations/${invitation.id}`;
  const done = t("walks.withdrawn", { email: invitation.email });
  button.addEventListener("click", () => page.act(button, () => api("DELETE", path), done));
  return button;
}

/* What the staff can do with the walk now: start it, close it (or save its summary), move it,
   invite more, call it off. */
export function actions(page) {
  const { walk } = page;
  if (walk.status === "inställd") return null; // nothing more can happen to it
  const error = h("p", { class: "form-error", id: "walk-action-error", role: "alert" });
  const parts = [];
  if (walk.status === "planerad") {
    const startButton = h(
      "button",
      { type: "button", class: "button button-primary", id: "walk-start" },
      t("walks.start")
    );
    const start = () => post(`/api/v1/walks/${walk.id}/start`, {});
    startButton.addEventListener("click", () => page.act(startButton, start, t("walks.started")));
    parts.push(startButton);
  }
  const closing = walk.status !== "avslutad";
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "walk-actions-title" },
    h("h2", { id: "walk-actions-title" }, t("walks.actions")),
    ...parts,
    closeForm(page, closing),
    walk.status === "planerad" ? moveForm(page) : null,
    closing ? inviteForm(page) : null,
    walk.status === "planerad" ? cancelForm(page) : null,
    error
  );
}

/* Close the walk with its summary; a closed walk's summary can still be saved. */
function closeForm(page, closing) {
  const summary = h("textarea", { id: "walk-summary", rows: "5", maxlength: "20000" });
  summary.value = page.walk.summary || "";
  const button = h(
    "button",
    { type: "submit", class: "button", id: "walk-close" },
    closing ? t("walks.close") : t("walks.save_summary")
  );
  const send = (event) => {
    event.preventDefault();
    const path = `/api/v1/walks/${page.walk.id}/close`;
    const done = closing ? t("walks.closed") : t("walks.summary_saved");
    page.act(button, () => post(path, { summary: summary.value.trim() }), done);
  };
  return h(
    "form",
    { class: "stack", id: "walk-close-form", onsubmit: send },
    field(t("walks.field.summary"), summary, t("walks.field.summary_hint")),
    button
  );
}

/* A planned walk is called off, which cannot be undone: the box must be ticked first. */
function cancelForm(page) {
  const reason = h("textarea", { id: "walk-cancel-reason", rows: "3", maxlength: "2000" });
  const sure = h("input", { type: "checkbox", id: "walk-cancel-sure" });
  const sureError = h("p", { class: "field-error", id: "walk-cancel-sure-error" });
  const error = h("p", { class: "form-error", id: "walk-cancel-error", role: "alert" });
  const button = h(
    "button",
    { type: "submit", class: "button", id: "walk-cancel" },
    t("walks.cancel")
  );
  const send = (event) => {
    event.preventDefault();
    setError(sure, sure.checked ? "" : t("walks.error.cancel_sure"));
    if (!sure.checked) return sure.focus();
    const path = `/api/v1/walks/${page.walk.id}/cancel`;
    const call = () => post(path, { reason: reason.value.trim() || null });
    page.act(button, call, t("walks.cancelled"), error);
  };
  sure.setAttribute("aria-describedby", sureError.id);
  return h(
    "form",
    { class: "stack", id: "walk-cancel-form", novalidate: true, onsubmit: send },
    h("h3", null, t("walks.cancel_title")),
    h("p", { class: "hint" }, t("walks.cancel_hint")),
    field(t("walks.field.cancel_reason"), reason),
    h(
      "ul",
      { class: "check-list" },
      h("li", null, sure, h("label", { for: sure.id }, t("walks.cancel_sure")))
    ),
    sureError,
    error,
    button
  );
}

/* A planned walk moves: new date, times or meeting point; the server emails the invited. */
function moveForm(page) {
  const { walk } = page;
  const begins = new Date(walk.planned_start);
  const ends = walk.planned_end ? hhmm(new Date(walk.planned_end)) : "";
  const day = h("input", { type: "date", id: "move-date", required: true, value: ymd(begins) });
  const start = h("input", {
    type: "time",
    id: "move-start",
    required: true,
    value: hhmm(begins),
  });
  const end = h("input", { type: "time", id: "move-end", value: ends });
  const meeting = h("input", {
    type: "text",
    id: "move-meeting",
    maxlength: "300",
    value: walk.meeting_point || "",
  });
  const error = h("p", { class: "form-error", id: "move-error", role: "alert" });
  const button = h(
    "button",
    { type: "submit", class: "button", id: "move-submit" },
    t("walks.move")
  );
  const send = (event) => {
    event.preventDefault();
    for (const control of [day, start, end]) setError(control, "");
    checkTimes(day, start, end);
    const invalid = [day, start, end].find(
      (control) => control.getAttribute("aria-invalid") === "true"
    );
    if (invalid) return invalid.focus();
    const body = {
      planned_start: moment(day.value, start.value),
      planned_end: endMoment(day.value, start.value, end.value),
      meeting_point: meeting.value.trim(),
    };
    const before = page.walk.revision;
    const invited = page.walk.invitations.length;
    const said = () => {
      if (page.walk.revision === before) return t("walks.unchanged");
      return invited ? tn("walks.moved_told", invited) : t("walks.moved");
    };
    page.act(button, () => patch(`/api/v1/walks/${page.walk.id}`, body), said, error);
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

function inviteForm(page) {
  const more = h("textarea", {
    id: "walk-invite",
    rows: "3",
    autocomplete: "off",
    spellcheck: "false",
  });
  const button = h(
    "button",
    { type: "submit", class: "button", id: "walk-invite-send" },
    t("walks.invite_more")
  );
  const send = (event) => {
    event.preventDefault();
    setError(more, "");
    const { emails, wrong } = emailList(more.value);
    if (!emails.length) setError(more, t("walks.error.no_emails"));
    else if (wrong.length) setError(more, t("walks.error.emails", { emails: wrong.join(", ") }));
    if (more.getAttribute("aria-invalid") === "true") return more.focus();
    const path = `/api/v1/walks/${page.walk.id}/invitations`;
    const done = t("walks.invited_more", { count: emails.length });
    page.act(button, () => post(path, { emails }), done);
  };
  return h(
    "form",
    { class: "stack", id: "walk-invite-form", onsubmit: send },
    field(t("walks.field.invite"), more, t("walks.field.invite_more_hint")),
    button
  );
}

/* A follow-up walk's page: the earlier walk's findings with their status now and the marks the
   walkers gave (a 'kvar' on one marked fixed said in words), as GET .../revisits answers. */
export function revisitTable(revisits) {
  const mark = (revisit) => {
    const said = revisit.mark ? t(`revisits.state.${revisit.mark.state}`) : t("revisits.mark_none");
    return revisit.still_there_though_fixed
      ? h("span", null, said, h("br"), h("strong", null, t("revisits.fixed_but_there")))
      : said;
  };
  return h(
    "section",
    { class: "stack", "aria-labelledby": "walk-revisits-title" },
    h("h2", { id: "walk-revisits-title" }, t("revisits.title")),
    table(
      "walk-revisits",
      t("revisits.title"),
      [
        t("revisits.col.number"),
        t("revisits.col.finding"),
        t("revisits.col.status"),
        t("revisits.col.mark"),
        t("revisits.col.note"),
      ],
      revisits.map((revisit) => [
        revisit.number,
        [revisit.category_name, revisit.note ? ` – ${revisit.note}` : ""].join(""),
        t(`status.${revisit.status}`),
        mark(revisit),
        revisit.mark?.note || "–",
      ]),
      t("revisits.none")
    )
  );
}
