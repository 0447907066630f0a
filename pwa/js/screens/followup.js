// The coordinators' follow-up, one module loaded only by coordinators and admins (and owners,
// for their comments): reporters never download it.
// - triage (#/triage, "Att granska"): the queue of findings waiting for a coordinator, each with
//   why (the server's words), and the overdue findings per owner.
// - panel(): mounted by case.js on the finding screen. Coordinators: the triage moves the
//   server offers (`transitions`), routing, merging a duplicate, priority and due date
//   (followup-moves.js), comments (internal or shared with the owner, followup-comments.js) and
//   blurring parts of a photo (redaction.js). Owners: comments.
// Everything here is a decision: online only, never queued. Offline nothing is sent and what was
// typed stays (kept per finding while the app is open).

import { get } from "../api.js";
import { draftField } from "../forms.js";
import { formatDateTime, formatDay, t, tn } from "../i18n.js";
import { categoryNames } from "../pull.js";
import { on, user, write } from "../session.js";
import { fill, h, icon, withIcon } from "../ui.js";
import { comments } from "./followup-comments.js";
import { coordinatorMoves } from "./followup-moves.js";
import { redactButtons, redactionEditor } from "./redaction.js";

const STAFF = ["coordinator", "admin"];
const drafts = new Map(); // finding id → {field id: value}, what was typed and not yet sent
// The queue's reasons (its filter).
const REASONS = [
  "new",
  "review",
  "unrouted",
  "not_ours",
  "duplicate",
  "same_as",
  "delivery_failed",
];
let reason = ""; // the queue's filter, kept while the app is open
on("signed-out", () => {
  drafts.clear();
  reason = "";
});

const isStaff = () => STAFF.includes(user().role);
const findingLink = (id, text) => h("a", { class: "case-link", href: `#/findings?id=${id}` }, text);
const statusBadge = (status) => h("span", { class: "status-badge" }, t(`status.${status}`));

const problemText = (error) =>
  error.status === 0
    ? t("cases.action_offline")
    : [error.message, ...(error.errors ? Object.values(error.errors).flat() : [])].join(" ");

// --- The triage queue and the overdue list (#/triage) ------------------------------------------

export async function triage() {
  const nameOf = await categoryNames();
  const title = t("followup.title");
  const summary = h("p", { id: "triage-summary", role: "status" }, t("cases.loading"));
  const queueBox = h("div", { id: "triage-queue" });
  const overdueBox = h("div", { id: "triage-overdue" });
  const filter = h(
    "select",
    {
      id: "triage-reason",
      onchange: () => {
        reason = filter.value;
        load();
      },
    },
    h("option", { value: "" }, t("followup.reason_all")),
    REASONS.map((code) => h("option", { value: code }, t(`followup.reason.${code}`)))
  );
  filter.value = reason;
  let destroyed = false;

  async function load() {
    summary.textContent = t("cases.loading");
    let queue;
    let overdue;
    try {
      if (!navigator.onLine) throw { status: 0 };
      [queue, overdue] = await Promise.all([
        get(`/api/v1/followup/queue?limit=500${reason ? `&reason=${reason}` : ""}`),
        get("/api/v1/followup/overdue"),
      ]);
    } catch (error) {
      if (destroyed) return;
      summary.textContent = error.status === 0 ? t("followup.offline") : error.message;
      const retry = { type: "button", class: "button", id: "triage-retry", onclick: load };
      fill(queueBox, h("button", retry, withIcon("sync", t("cases.retry"))));
      fill(overdueBox);
      return;
    }
    if (destroyed) return;
    const late = overdue.reduce((sum, group) => sum + group.count, 0);
    const counts = [
      tn("followup.queue_count", queue.items.length),
      tn("followup.overdue_count", late),
    ];
    summary.textContent = counts.join(" ");
    fill(queueBox, queueList(queue.items, nameOf));
    fill(overdueBox, overdueGroups(overdue, nameOf));
  }

  const section = (key, ...children) =>
    h(
      "section",
      { class: "stack", "aria-labelledby": `triage-${key}-title` },
      h("h2", { id: `triage-${key}-title` }, t(`followup.${key}_title`)),
      children
    );
  const node = h(
    "section",
    { class: "screen screen-triage stack", "aria-labelledby": "triage-title" },
    subnav("triage"),
    h("h1", { id: "triage-title", tabindex: "-1" }, title),
    h("p", { class: "lead" }, t("followup.lead")),
    summary,
    section(
      "queue",
      h(
        "div",
        { class: "field" },
        h("label", { for: "triage-reason" }, t("followup.reason_label")),
        filter
      ),
      queueBox
    ),
    section("overdue", overdueBox)
  );
  return {
    title,
    tab: "tasks",
    node,
    mounted: () => {
      window.addEventListener("online", load);
      load();
    },
    destroy: () => {
      destroyed = true;
      window.removeEventListener("online", load);
    },
  };
}

/* The findings waiting for a coordinator, each with the server's reasons. */
function queueList(items, nameOf) {
  if (!items.length)
    return h("p", { class: "empty", id: "triage-empty" }, t("followup.queue_empty"));
  const item = ({ finding: f, reasons }) =>
    h(
      "li",
      { class: "card stack", dataset: { id: f.id, reasons: reasons.map((r) => r.code).join(" ") } },
      h("h3", null, findingLink(f.id, nameOf(f.category))),
      h(
        "p",
        { class: "meta" },
        statusBadge(f.status),
        " ",
        t("followup.reported", { time: formatDateTime(f.captured_at) }),
        f.routing && ` · ${f.routing.text}`
      ),
      h("p", { class: "label-like" }, t("followup.why")),
      h(
        "ul",
        { class: "reason-list" },
        reasons.map((r) =>
          h(
            "li",
            { dataset: { code: r.code } },
            r.text,
            r.original ? [" · ", findingLink(r.original, t("followup.same_as_open"))] : null
          )
        )
      )
    );
  return h("ul", { class: "card-list queue-list", id: "triage-list" }, items.map(item));
}

/* The overdue findings, one card per owner. */
function overdueGroups(overdue, nameOf) {
  if (!overdue.length) {
    return h("p", { class: "empty", id: "overdue-empty" }, t("followup.overdue_empty"));
  }
  const finding = (f) =>
    h(
      "li",
      { dataset: { id: f.id } },
      findingLink(f.id, nameOf(f.category)),
      " – ",
      tn("followup.days_overdue", f.days_overdue, { date: formatDay(f.due_date) }),
      " · ",
      t(`status.${f.status}`)
    );
  return overdue.map((group) => {
    const titleId = `overdue-${group.organisation.id}`;
    const days = { days: group.most_days_overdue };
    return h(
      "section",
      {
        class: "card stack",
        dataset: { organisation: group.organisation.id },
        "aria-labelledby": titleId,
      },
      h("h3", { id: titleId }, group.organisation.name),
      h("p", { class: "meta" }, tn("followup.overdue_group", group.count, days)),
      h("ul", { class: "reason-list" }, group.findings.map(finding))
    );
  });
}

/* Ärenden | Att granska: the coordinators' two lists, under the same tab. */
export function subnav(here) {
  const item = (name, href, key) =>
    h(
      "a",
      {
        class: "button",
        href,
        id: `subnav-${name}`,
        "aria-current": here === name ? "page" : null,
      },
      t(key)
    );
  return h(
    "nav",
    { class: "subnav", "aria-label": t("followup.subnav") },
    item("tasks", "#/tasks", "nav.cases"),
    item("triage", "#/triage", "followup.title")
  );
}

// --- The finding screen's panel -----------------------------------------------------------------

/* Mounted by case.js: draw(f) after every fetch of the finding; reload() fetches and draws
   the finding again. */
export function panel({ id, reload }) {
  const staff = isStaff();
  if (!drafts.has(id)) drafts.set(id, {});
  const draft = drafts.get(id);
  let busy = false;
  const flash = h("p", {
    class: "flash",
    id: "followup-flash",
    role: "status",
    tabindex: "-1",
    hidden: true,
  });
  const error = h("p", { class: "form-error", id: "followup-error", role: "alert" });
  const kit = { id, draft, act, field: (...args) => draftField(draft, ...args) };
  const moves = staff ? coordinatorMoves(kit) : null;
  const talk = comments(kit, staff);
  const photoBox = h("div", { class: "stack", id: "redact-photos" });
  const editor = redactionEditor({
    id,
    problemText,
    done: (text) =>
      reload()
        .catch(() => {})
        .then(() => say(text, editor.status)),
  });
  const offlineNote = h(
    "p",
    { class: "warning", id: "followup-offline", hidden: navigator.onLine },
    icon("alert"),
    h("span", null, t("cases.actions_offline"))
  );

  const card = (key, ...children) =>
    h(
      "section",
      { class: "card stack", "aria-labelledby": `followup-${key}-title` },
      h("h2", { id: `followup-${key}-title` }, t(`followup.${key}`)),
      children
    );
  const node = h(
    "div",
    { class: "stack", id: "case-followup" },
    flash,
    error,
    staff && card("coordination", offlineNote, moves.node),
    card("comments", talk.list, talk.form),
    staff &&
      card("redact", h("p", { class: "hint" }, t("followup.redact_hint")), photoBox, editor.node)
  );

  function say(text, target = flash) {
    target.hidden = false;
    fill(target, icon("check"), " ", text);
    target.focus();
  }

  /* Send, then draw the finding anew and say what happened; on failure keep the form as it is. */
  async function act(call, done, submit) {
    if (busy) return;
    busy = true;
    error.textContent = "";
    submit.setAttribute("aria-busy", "true");
    try {
      await write(call);
      // Sent: what was typed in the form is no longer a draft.
      for (const element of submit.form ? submit.form.elements : []) {
        delete draft[element.name || element.id];
      }
      await reload().catch(() => {});
      say(done);
    } catch (failure) {
      if (submit.isConnected) submit.before(error); // said next to the form that failed
      error.textContent = problemText(failure);
      if (submit.isConnected) submit.focus();
    } finally {
      busy = false;
      submit.removeAttribute("aria-busy");
    }
  }

  return {
    node,
    draw(f) {
      if (staff) offlineNote.hidden = navigator.onLine;
      talk.draw(f);
      if (!staff) return;
      moves.draw(f);
      fill(photoBox, redactButtons(f.photos || [], editor));
      editor.refresh(f.photos || []);
    },
  };
}
