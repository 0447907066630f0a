// The coordinators' walks (#/walks), online only: they show what the server knows now, and a
// walk is planned, started or closed by a decision that must reach it at once. Loaded only by
// coordinators and admins: reporters never download it.
// - #/walks: the list;
// - #/walks?plan=1 plans a walk with invitations;
// - #/walks?id=<id> shows one with its participants and invitations, moves a planned walk (the
//   invited are emailed) and withdraws invitations, starts and closes it, and links to the
//   protocol (web page and PDF).

import { get, post } from "../api.js";
import { field, setError } from "../forms.js";
import { formatDateTime, formatNumber, formatTime, t, tn } from "../i18n.js";
import { state, user, write } from "../session.js";
import { announce, fill, h, withIcon } from "../ui.js";
import { areaOptions, failure, frame, offlineView, options, STAFF, table, ymd } from "./online.js";
import {
  actions,
  checkTimes,
  commitmentSelect,
  emailList,
  endMoment,
  followsSelect,
  moment,
  revisitTable,
  timeFields,
  withdrawButton,
} from "./walk-forms.js";

// The walk types of the API (server/walks/models.py; tests/web/test_statuses.py compares).
const WALK_TYPES = ["trygghetsvandring", "områdesvandring", "trygghetsrunda"];

const backLink = () => h("a", { class: "back-link", href: "#/walks" }, t("walks.back"));

export async function render({ params, navigate }) {
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
  const columns = [
    t("walks.col.title"),
    t("walks.col.when"),
    t("walks.col.type"),
    t("walks.col.area"),
    t("walks.col.status"),
  ];
  const node = frame(
    "walks",
    title,
    flash ? h("p", { class: "flash", role: "status", id: "walks-flash" }, flash) : null,
    h(
      "a",
      { class: "button button-primary", href: "#/walks?plan=1", id: "walks-plan" },
      withIcon("plus", t("walks.plan"))
    ),
    h("p", { id: "walks-summary", role: "status" }, tn("walks.count", list.length)),
    table(
      "walks-table",
      t("walks.table_caption"),
      columns,
      list.map((walk) => [
        h(
          "a",
          { class: "case-link", href: `#/walks?id=${walk.id}`, dataset: { walkId: walk.id } },
          walk.title
        ),
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
  const types = WALK_TYPES.map((key) => [key, t(`walk.type.${key}`)]);
  const type = h("select", { id: "plan-type" }, options(types));
  const name = h("input", {
    type: "text",
    id: "plan-title",
    required: true,
    maxlength: "200",
    autocomplete: "off",
  });
  const area = h("select", { id: "plan-area" }, options(areas));
  const follows = await followsSelect();
  const day = h("input", { type: "date", id: "plan-date", required: true, value: ymd(tomorrow) });
  const commitment = await commitmentSelect(day);
  const start = h("input", { type: "time", id: "plan-start", required: true, value: "18:00" });
  const end = h("input", { type: "time", id: "plan-end", value: "20:00" });
  const meeting = h("input", { type: "text", id: "plan-meeting", maxlength: "300" });
  const description = h("textarea", { id: "plan-description", rows: "3", maxlength: "4000" });
  const invite = h("textarea", {
    id: "plan-invite",
    rows: "4",
    autocomplete: "off",
    spellcheck: "false",
  });
  const formError = h("p", { class: "form-error", id: "plan-error", role: "alert" });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: "plan-submit" },
    t("walks.plan_submit")
  );

  async function send(event) {
    event.preventDefault();
    formError.textContent = "";
    const controls = [name, day, start, end, invite, area];
    for (const control of controls) setError(control, "");
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
      follows_walk_id: follows.select.value ? Number(follows.select.value) : null,
      commitment_id: commitment.value(),
    };
    submit.setAttribute("aria-busy", "true");
    try {
      const walk = await write(() => post("/api/v1/walks", body));
      state.flash = tn("walks.planned", emails.length, { title: walk.title });
      navigate(`#/walks?id=${walk.id}`);
    } catch (error) {
      formError.textContent = failure(error);
      const fields = {
        title: name,
        planned_start: start,
        planned_end: end,
        invite,
        area_id: area,
        follows_walk_id: follows.select,
        commitment_id: commitment.select,
      };
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
    backLink(),
    h(
      "form",
      { class: "card stack", id: "plan-form", novalidate: true, onsubmit: send },
      field(t("walks.field.type"), type),
      field(t("walks.field.title"), name),
      field(t("walks.field.area"), area),
      follows.node,
      ...timeFields(day, start, end),
      commitment.node,
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
    if (error.status === 404)
      return { title, node: frame("walk", t("walks.not_found"), backLink()) };
    throw error;
  }
  const staff = STAFF.includes(user().role);
  const revisits = walk.follows ? await get(`/api/v1/walks/${walk.id}/revisits`) : null;
  const body = h("div", { class: "stack", id: "walk-body" });
  const status = h("p", { class: "flash", role: "status", id: "walk-flash", tabindex: "-1" });
  const heading = h("h1", { id: "walk-title", tabindex: "-1" }, walk.title);
  // What the forms of the page share: the walk as the server last answered, and act().
  const page = { walk, act };

  function draw(message) {
    heading.textContent = page.walk.title;
    status.textContent = message || "";
    status.hidden = !message;
    const planned = page.walk.status === "planerad";
    const withdraw = staff && planned ? (invitation) => withdrawButton(page, invitation) : null;
    fill(
      body,
      details(page.walk),
      people(page.walk, withdraw),
      staff ? actions(page) : null,
      revisits ? revisitTable(revisits) : null,
      protocolLinks(page.walk)
    );
    document.body.dataset.walkStatus = page.walk.status;
  }

  /* Send a change; on success show the walk as it is now, and say so. */
  async function act(button, call, done, error = document.getElementById("walk-action-error")) {
    error.textContent = "";
    button.setAttribute("aria-busy", "true");
    try {
      page.walk = await write(call);
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

  const flash = state.flash;
  state.flash = null;
  draw(flash);
  if (flash) announce(flash);
  const node = h(
    "section",
    { class: "screen screen-reports", "aria-labelledby": "walk-title" },
    backLink(),
    heading,
    status,
    body
  );
  return { title: walk.title, node, destroy: () => delete document.body.dataset.walkStatus };
}

function details(walk) {
  const sameDay =
    walk.planned_end && ymd(new Date(walk.planned_start)) === ymd(new Date(walk.planned_end));
  let until = "";
  if (walk.planned_end) {
    until = sameDay ? `–${formatTime(walk.planned_end)}` : ` – ${formatDateTime(walk.planned_end)}`;
  }
  const when = formatDateTime(walk.planned_start) + until;
  const findings = t("walks.findings_count", {
    deviations: formatNumber(walk.findings.deviations),
    positive: formatNumber(walk.findings.positive),
  });
  const summary = h("span", { id: "walk-summary-text", class: "pre-line" }, walk.summary);
  const rows = [
    [t("walks.col.status"), h("span", { id: "walk-status" }, t(`walk.status.${walk.status}`))],
    [t("walks.col.type"), t(`walk.type.${walk.type}`)],
    [t("walks.col.when"), when],
    [t("walks.col.area"), walk.area ? walk.area.name : "–"],
    walk.follows
      ? [
          t("walks.field.follows"),
          `${walk.follows.title} (${formatDateTime(walk.follows.planned_start)})`,
        ]
      : null,
    [t("walks.field.meeting"), walk.meeting_point || "–"],
    [t("walks.field.description"), walk.description || "–"],
    [t("walks.findings"), findings],
    walk.summary ? [t("walks.field.summary"), summary] : null,
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
    table(
      "walk-participants",
      t("walks.participants"),
      [t("walks.col.name"), t("walks.col.organisation")],
      walk.participants.map((p) => [p.name, p.organisation]),
      t("walks.no_participants")
    ),
    walk.invitations ? invitations(walk, withdraw) : null
  );
}

function invitations(walk, withdraw) {
  const columns = [
    t("walks.col.email"),
    t("walks.col.account"),
    t("walks.col.invited"),
    t("walks.col.delivery"),
  ];
  if (withdraw) columns.push(t("walks.col.withdraw"));
  const delivery = (invitation) =>
    h(
      "span",
      {
        class: `delivery delivery-${invitation.delivery}`,
        dataset: { delivery: invitation.delivery },
      },
      t(`walks.delivery.${invitation.delivery}`)
    );
  return table(
    "walk-invitations",
    t("walks.invitations"),
    columns,
    walk.invitations.map((invitation) =>
      [
        invitation.email,
        invitation.user ? invitation.user.name : t("walks.no_account"),
        formatDateTime(invitation.invited_at),
        delivery(invitation),
        withdraw ? withdraw(invitation) : null,
      ].filter(Boolean)
    ),
    t("walks.no_invitations")
  );
}

function protocolLinks(walk) {
  const link = (id, href, text) =>
    h("a", { class: "button", id, href, target: "_blank", rel: "noopener" }, text);
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "walk-protocol-title" },
    h("h2", { id: "walk-protocol-title" }, t("walks.protocol")),
    h("p", { class: "hint" }, t("walks.protocol_hint")),
    h(
      "div",
      { class: "button-row" },
      link("walk-protocol-page", walk.protocol_url, t("walks.protocol_page")),
      link("walk-protocol-pdf", walk.protocol_pdf_url, t("walks.protocol_pdf"))
    )
  );
}
