// The coordinators' follow-up, one module loaded only by coordinators and admins (and owners,
// for their comments): reporters never download it.
// - triage (#/triage, "Att granska"): the queue of findings waiting for a coordinator, each with
//   why (the server's words), and the overdue findings per owner.
// - panel(): mounted by owner.js on the finding screen. Coordinators: the triage moves the
//   server offers (`transitions`), routing, merging a duplicate, priority and due date, comments
//   (internal or shared with the owner) and blurring parts of a photo. Owners: comments.
// Everything here is a decision: online only, never queued. Offline nothing is sent and what was
// typed stays (kept per finding while the app is open).

import { get, post, patch } from "../api.js";
import { formatDateTime, formatDay, formatNumber, t, tn } from "../i18n.js";
import { categoryNames } from "../pull.js";
import { on, user, write } from "../session.js";
import { announce, confirmDialog, fill, h, icon, withIcon } from "../ui.js";

const STAFF = ["coordinator", "admin"];
const CLOSED = ["åtgärdad", "verifierad"]; // reopened by a move back to granskad or skickad
const WITH_OWNER = ["skickad", "mottagen", "planerad"];
const drafts = new Map(); // finding id → {field id: value}, what was typed and not yet sent
const REASONS = ["new", "review", "unrouted", "not_ours", "duplicate", "delivery_failed"]; // the queue's
let organisations = null;
let reason = ""; // the queue's filter, kept while the app is open
on("signed-out", () => {
  drafts.clear();
  organisations = null;
  reason = "";
});

const isStaff = () => STAFF.includes(user().role);
const findingLink = (id, text) => h("a", { class: "case-link", href: `#/findings?id=${id}` }, text);
const statusBadge = (status) => h("span", { class: "status-badge" }, t(`status.${status}`));

const problemText = (error) =>
  error.status === 0 ? t("cases.action_offline") : [error.message, ...(error.errors ? Object.values(error.errors).flat() : [])].join(" ");

// --- The triage queue and the overdue list (#/triage) ------------------------------------------

export async function triage() {
  const nameOf = await categoryNames();
  const title = t("followup.title");
  const summary = h("p", { id: "triage-summary", role: "status" }, t("cases.loading"));
  const queueBox = h("div", { id: "triage-queue" });
  const overdueBox = h("div", { id: "triage-overdue" });
  const filter = h(
    "select",
    { id: "triage-reason", onchange: () => ((reason = filter.value), load()) },
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
      [queue, overdue] = await Promise.all([get(`/api/v1/followup/queue?limit=500${reason ? `&reason=${reason}` : ""}`), get("/api/v1/followup/overdue")]);
    } catch (error) {
      if (destroyed) return;
      summary.textContent = error.status === 0 ? t("followup.offline") : error.message;
      fill(queueBox, h("button", { type: "button", class: "button", id: "triage-retry", onclick: load }, withIcon("sync", t("cases.retry"))));
      fill(overdueBox);
      return;
    }
    if (destroyed) return;
    const late = overdue.reduce((sum, group) => sum + group.count, 0);
    summary.textContent = `${tn("followup.queue_count", queue.items.length)} ${tn("followup.overdue_count", late)}`;
    fill(
      queueBox,
      queue.items.length
        ? h(
            "ul",
            { class: "card-list queue-list", id: "triage-list" },
            queue.items.map(({ finding: f, reasons }) =>
              h(
                "li",
                { class: "card stack", dataset: { id: f.id, reasons: reasons.map((r) => r.code).join(" ") } },
                h("h3", null, findingLink(f.id, nameOf(f.category))),
                h("p", { class: "meta" }, statusBadge(f.status), " ", t("followup.reported", { time: formatDateTime(f.captured_at) }), f.routing && ` · ${f.routing.text}`),
                h("p", { class: "label-like" }, t("followup.why")),
                h("ul", { class: "reason-list" }, reasons.map((r) => h("li", { dataset: { code: r.code } }, r.text)))
              )
            )
          )
        : h("p", { class: "empty", id: "triage-empty" }, t("followup.queue_empty"))
    );
    fill(
      overdueBox,
      overdue.length
        ? overdue.map((group) =>
            h(
              "section",
              { class: "card stack", dataset: { organisation: group.organisation.id }, "aria-labelledby": `overdue-${group.organisation.id}` },
              h("h3", { id: `overdue-${group.organisation.id}` }, group.organisation.name),
              h("p", { class: "meta" }, tn("followup.overdue_group", group.count, { days: group.most_days_overdue })),
              h(
                "ul",
                { class: "reason-list" },
                group.findings.map((f) =>
                  h(
                    "li",
                    { dataset: { id: f.id } },
                    findingLink(f.id, nameOf(f.category)),
                    " – ",
                    tn("followup.days_overdue", f.days_overdue, { date: formatDay(f.due_date) }),
                    " · ",
                    t(`status.${f.status}`)
                  )
                )
              )
            )
          )
        : h("p", { class: "empty", id: "overdue-empty" }, t("followup.overdue_empty"))
    );
  }

  const node = h(
    "section",
    { class: "screen screen-triage stack", "aria-labelledby": "triage-title" },
    subnav("triage"),
    h("h1", { id: "triage-title", tabindex: "-1" }, title),
    h("p", { class: "lead" }, t("followup.lead")),
    summary,
    h("section", { class: "stack", "aria-labelledby": "triage-queue-title" }, h("h2", { id: "triage-queue-title" }, t("followup.queue_title")), h("div", { class: "field" }, h("label", { for: "triage-reason" }, t("followup.reason_label")), filter), queueBox),
    h("section", { class: "stack", "aria-labelledby": "triage-overdue-title" }, h("h2", { id: "triage-overdue-title" }, t("followup.overdue_title")), overdueBox)
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

/* Ärenden | Att granska: the coordinators' two lists, under the same tab. */
export function subnav(here) {
  const item = (name, href, key) => h("a", { class: "button", href, id: `subnav-${name}`, "aria-current": here === name ? "page" : null }, t(key));
  return h("nav", { class: "subnav", "aria-label": t("followup.subnav") }, item("tasks", "#/tasks", "nav.cases"), item("triage", "#/triage", "followup.title"));
}

// --- The finding screen's panel -----------------------------------------------------------------

/* Mounted by owner.js: draw(f) after every fetch of the finding; reload() fetches and draws
   the finding again. */
export function panel({ id, reload }) {
  const staff = isStaff();
  if (!drafts.has(id)) drafts.set(id, {});
  const draft = drafts.get(id);
  let f = null;
  let busy = false;
  const flash = h("p", { class: "flash", id: "followup-flash", role: "status", tabindex: "-1", hidden: true });
  const error = h("p", { class: "form-error", id: "followup-error", role: "alert" });
  const moves = h("div", { class: "stack", id: "followup-moves" });
  const commentList = h("ol", { class: "history", id: "comment-list" });
  const commentBox = h("div", { class: "stack" });
  const photoBox = h("div", { class: "stack", id: "redact-photos" });
  const editor = redactionEditor({ id, done: (text) => reload().catch(() => {}).then(() => say(text, editor.status)) });

  const card = (key, ...children) => h("section", { class: "card stack", "aria-labelledby": `followup-${key}-title` }, h("h2", { id: `followup-${key}-title` }, t(`followup.${key}`)), children);
  const node = h(
    "div",
    { class: "stack", id: "case-followup" },
    flash,
    error,
    staff && card("coordination", h("p", { class: "warning", id: "followup-offline", hidden: navigator.onLine }, icon("alert"), h("span", null, t("cases.actions_offline"))), moves),
    card("comments", commentList, commentBox),
    staff && card("redact", h("p", { class: "hint" }, t("followup.redact_hint")), photoBox, editor.node)
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
      for (const element of submit.form ? submit.form.elements : []) delete draft[element.name || element.id]; // sent
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

  /* A text field, textarea or select kept in the draft, with its error line. */
  function field(name, label, props = {}, hint) {
    const { tag = props.type ? "input" : "textarea", options, ...rest } = props;
    const base = tag === "textarea" ? { rows: 3, maxlength: 2000 } : {};
    const control = h(tag, { id: name, "aria-describedby": `${name}-hint ${name}-error`, ...base, ...rest, oninput: () => (draft[name] = control.value) }, options);
    if (draft[name] !== undefined) control.value = draft[name];
    const fieldError = h("p", { class: "field-error", id: `${name}-error` });
    const invalid = (text) => ((fieldError.textContent = text), control.focus(), null);
    const value = () => ((fieldError.textContent = ""), control.value.trim());
    return { control, invalid, value, node: [h("div", { class: "field" }, h("label", { for: name }, label), hint && h("p", { class: "hint", id: `${name}-hint` }, hint), control), fieldError] };
  }

  /* One form per move: heading, fields, submit; check() gives the request or null. */
  function form(key, fields, check, { danger, confirm } = {}) {
    const submit = h("button", { type: "submit", class: `button ${danger ? "button-danger" : "button-primary"}`, id: `submit-${key}` }, t(`followup.${key}_submit`));
    const onsubmit = async (event) => {
      event.preventDefault();
      const request = await check();
      if (!request) return;
      if (confirm && navigator.onLine && !(await confirmDialog(confirm))) return;
      act(request, t(`followup.${key}_done`), submit);
    };
    return h(
      "form",
      { class: "action-form stack", id: `form-${key}`, novalidate: true, "aria-labelledby": `form-${key}-title`, onsubmit },
      h("h3", { id: `form-${key}-title` }, t(`followup.${key}_title`)),
      fields,
      submit
    );
  }

  const status = (body) => () => post(`/api/v1/findings/${id}/status`, body);
  const required = (input, missing) => input.value() || input.invalid(t(missing));

  function triageForm() {
    const comment = field("triage-comment", t("followup.comment_optional"));
    return form("triage", comment.node, () => status({ status: "granskad", comment: comment.value() || null }));
  }

  function routeForm() {
    const reopen = CLOSED.includes(f.status);
    const options = (organisations || []).map((o) => h("option", { value: String(o.id) }, o.name));
    const org = field("route-org", t("followup.route_org"), { tag: "select", options: [h("option", { value: "" }, t("followup.choose")), options] }, !organisations && t("followup.orgs_offline"));
    if (draft["route-org"] === undefined && f.assigned_org) org.control.value = String(f.assigned_org.id);
    const comment = field("route-comment", t("followup.why_required"), {}, reopen ? t("followup.reopen_hint") : t("followup.route_hint"));
    const key = reopen ? "reopen_send" : f.assigned_org ? "reroute" : "route";
    return form(key, [org.node, comment.node], () => {
      const chosen = org.value();
      const why = comment.value();
      if (!chosen) return org.invalid(t("followup.route_missing"));
      if (!why) return comment.invalid(t("followup.why_missing"));
      const body = { organisation_id: Number(chosen), comment: why };
      return reopen ? status({ status: "skickad", ...body }) : () => post(`/api/v1/findings/${id}/route`, body);
    });
  }

  function reopenForm() {
    const comment = field("reopen-comment", t("followup.why_required"), {}, t("followup.reopen_hint"));
    return form("reopen", comment.node, () => required(comment, "followup.why_missing") && status({ status: "granskad", comment: comment.value() }));
  }

  function verifyForm() {
    const comment = field("verify-comment", t("followup.comment_optional"));
    return form("verify", comment.node, () => status({ status: "verifierad", comment: comment.value() || null }));
  }

  function rejectForm() {
    const reason = field("reject-reason", t("followup.reject_reason"), {}, t("followup.reject_hint"));
    const confirm = { title: t("followup.reject_title"), text: t("followup.reject_confirm"), confirm: t("followup.reject_submit") };
    return form("reject", reason.node, () => required(reason, "followup.reject_missing") && status({ status: "avvisad", comment: reason.value() }), { danger: true, confirm });
  }

  function mergeForm(candidates) {
    const list = candidates.filter((c) => c.id !== id);
    const radios = list.map((c, index) =>
      h(
        "div",
        { class: "choice" },
        h("input", { type: "radio", name: "merge-into", id: `merge-${index}`, value: c.id, checked: draft["merge-into"] === c.id, onchange: () => (draft["merge-into"] = c.id) }),
        h("label", { for: `merge-${index}` }, t("followup.candidate", { distance: formatNumber(c.distance_m), time: formatDateTime(c.captured_at), status: t(`status.${c.status}`) })),
        h("a", { class: "button button-quiet", href: `#/findings?id=${c.id}`, "aria-label": `${t("followup.candidate_open")}: ${t("followup.candidate", { distance: formatNumber(c.distance_m), time: formatDateTime(c.captured_at), status: t(`status.${c.status}`) })}` }, t("followup.candidate_open")),
        c.distinct ? h("span", { class: "hint", id: `distinct-${index}` }, t("followup.distinct_judged")) : distinctButton(c, index)
      )
    );
    const missing = h("p", { class: "field-error", id: "merge-error" });
    const comment = field("merge-comment", t("followup.comment_optional"));
    const choice = list.length
      ? h("fieldset", { class: "choice-group stack", "aria-describedby": "merge-error" }, h("legend", null, t("followup.merge_into")), radios)
      : h("p", { class: "hint", id: "merge-none" }, t("followup.merge_none"));
    return form("merge", [choice, missing, comment.node], () => {
      missing.textContent = "";
      const into = draft["merge-into"];
      if (!list.length) return null;
      if (!into || !list.some((c) => c.id === into)) {
        missing.textContent = t("followup.merge_missing");
        return radios[0].querySelector("input").focus(), null;
      }
      return () => post(`/api/v1/findings/${id}/merge`, { into, comment: comment.value() || null });
    });
  }

  /* "Inte samma": the pair leaves the triage queue; the finding stays as it is. */
  function distinctButton(c, index) {
    const label = `${t("followup.distinct")}: ${t("followup.candidate", { distance: formatNumber(c.distance_m), time: formatDateTime(c.captured_at), status: t(`status.${c.status}`) })}`;
    const button = h("button", { type: "button", class: "button button-quiet", id: `distinct-${index}`, "aria-label": label }, t("followup.distinct"));
    button.addEventListener("click", () => act(() => post(`/api/v1/findings/${id}/distinct`, { other: c.id }), t("followup.distinct_done"), button));
    return button;
  }

  function scheduleForm() {
    const priority = field("followup-priority", t("cases.col.priority"), { tag: "select", options: [1, 2, 3].map((p) => h("option", { value: String(p) }, t(`cases.priority.${p}`))) });
    if (draft["followup-priority"] === undefined) priority.control.value = String(f.priority);
    const due = field("followup-due", t("cases.col.due"), { type: "date", value: f.due_date || "" }, t("followup.due_hint"));
    if (draft["followup-due"] === undefined) due.control.value = f.due_date || "";
    return form("schedule", [priority.node, due.node], () => {
      const body = {};
      if (Number(priority.value()) !== f.priority) body.priority = Number(priority.value());
      if (due.value() !== (f.due_date || "")) body.due_date = due.value() || null;
      if (!Object.keys(body).length) return due.invalid(t("followup.schedule_unchanged"));
      return () => patch(`/api/v1/findings/${id}/followup`, body);
    });
  }

  async function drawMoves() {
    const can = new Set(f.transitions);
    const reopened = CLOSED.includes(f.status);
    const needs = [];
    if (can.has("skickad") || WITH_OWNER.includes(f.status)) needs.push(listOrganisations());
    const candidates = can.has("dubblett") ? get(`/api/v1/findings/${id}/detail`).then((d) => d.possible_duplicates, () => []) : [];
    await Promise.all(needs);
    const forms = [
      can.has("granskad") && !reopened && triageForm(),
      (can.has("skickad") || WITH_OWNER.includes(f.status)) && routeForm(),
      can.has("verifierad") && verifyForm(),
      can.has("granskad") && reopened && reopenForm(),
      can.has("dubblett") && mergeForm(await candidates),
      can.has("avvisad") && rejectForm(),
      !["avvisad", "dubblett"].includes(f.status) && scheduleForm(),
    ].filter(Boolean);
    fill(moves, forms.length ? forms : h("p", { id: "followup-no-moves" }, t("followup.no_moves")));
  }

  async function drawComments() {
    let comments;
    try {
      comments = await get(`/api/v1/findings/${id}/comments`);
    } catch (failure) {
      comments = null;
    }
    fill(
      commentList,
      comments === null
        ? h("li", null, t("followup.comments_offline"))
        : comments.length
          ? comments.map((c) =>
              h(
                "li",
                { class: "history-item", dataset: { visibility: (c.data && c.data.visibility) || "" } },
                h("p", { class: "meta" }, h("time", { datetime: c.at }, formatDateTime(c.at)), " · ", [c.actor && c.actor.name, c.organisation && c.organisation.name].filter(Boolean).join(", ")),
                staff && h("p", { class: "meta" }, t(c.data && c.data.visibility === "owner" ? "followup.visible_owner" : "followup.visible_internal")),
                h("p", { class: "note" }, c.comment)
              )
            )
          : h("li", null, t("followup.comments_empty"))
    );
  }

  function commentForm() {
    const body = field("comment-body", t("followup.comment_label"), { required: true }, staff ? null : t("followup.comment_owner_hint"));
    const choices = staff
      ? h(
          "fieldset",
          { class: "choice-group stack" },
          h("legend", null, t("followup.visibility")),
          ["internal", "owner"].map((value) =>
            h(
              "div",
              { class: "choice" },
              h("input", {
                type: "radio",
                name: "comment-visibility",
                id: `visibility-${value}`,
                value,
                checked: (draft["comment-visibility"] || "internal") === value,
                disabled: value === "owner" && !f.assigned_org,
                onchange: () => (draft["comment-visibility"] = value),
              }),
              h("label", { for: `visibility-${value}` }, value === "internal" ? t("followup.visibility_internal") : f.assigned_org ? t("followup.visibility_owner", { organisation: f.assigned_org.name }) : t("followup.visibility_nobody"))
            )
          )
        )
      : null;
    const submit = h("button", { type: "submit", class: "button button-primary", id: "submit-comment" }, t("followup.comment_submit"));
    const onsubmit = (event) => {
      event.preventDefault();
      const text = body.value();
      if (!text) return body.invalid(t("followup.comment_missing"));
      const visibility = staff ? draft["comment-visibility"] || "internal" : "owner";
      act(() => post(`/api/v1/findings/${id}/comments`, { body: text, visibility }), t("followup.comment_done"), submit);
    };
    return h("form", { class: "action-form stack", id: "form-comment", novalidate: true, "aria-label": t("followup.comment_form"), onsubmit }, body.node, choices, submit);
  }

  function drawPhotos() {
    const photos = f.photos || [];
    fill(
      photoBox,
      photos.length
        ? h(
            "ul",
            { class: "button-row", id: "redact-list" },
            photos.map((photo, index) =>
              h(
                "li",
                null,
                h(
                  "button",
                  { type: "button", class: "button", id: `redact-open-${index}`, dataset: { photo: photo.id }, onclick: () => editor.open(photo, t("followup.redact_photo", { number: index + 1, count: photos.length })) },
                  withIcon("image", t("followup.redact_photo", { number: index + 1, count: photos.length })),
                  photo.redacted && h("span", { class: "meta" }, ` (${t("followup.redacted")})`)
                )
              )
            )
          )
        : h("p", { class: "hint" }, t("cases.no_photos"))
    );
  }

  return {
    node,
    draw(finding) {
      f = finding;
      const note = node.querySelector("#followup-offline");
      if (note) note.hidden = navigator.onLine;
      fill(commentBox, commentForm());
      drawComments();
      if (!staff) return;
      drawMoves();
      drawPhotos();
      editor.refresh(f.photos || []);
    },
  };
}

function listOrganisations() {
  if (organisations) return Promise.resolve(organisations);
  return get("/api/v1/organisations").then(
    (found) => (organisations = found),
    () => null
  );
}

// --- Blurring parts of a photo -------------------------------------------------------------------

/* Rectangles in percent of the photo, drawn by dragging (mouse, pen or finger) or typed in the
   fields; sent in the display image's pixels. */
function redactionEditor({ id, done }) {
  let photo = null;
  let boxes = [];
  let dragging = null;
  const heading = h("h3", { id: "redact-title", tabindex: "-1" });
  const image = h("img", { id: "redact-image", alt: "" });
  const layer = h("div", { class: "redact-layer", "aria-hidden": "true" });
  const stage = h("div", { class: "redact-stage", id: "redact-stage", onpointerdown: start, onpointermove: move, onpointerup: end, onpointercancel: end }, image, layer);
  const list = h("div", { class: "stack", id: "redact-boxes" });
  const status = h("p", { class: "flash", id: "redact-status", role: "status", tabindex: "-1", hidden: true });
  const problem = h("p", { class: "form-error", id: "redact-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "button button-primary", id: "redact-submit" }, t("followup.redact_submit"));
  const node = h(
    "form",
    { class: "action-form stack redact-editor", id: "redact-editor", novalidate: true, "aria-labelledby": "redact-title", hidden: true, onsubmit: send },
    heading,
    h("p", { class: "hint", id: "redact-help" }, t("followup.redact_help")),
    stage,
    list,
    h(
      "div",
      { class: "button-row" },
      h("button", { type: "button", class: "button", id: "redact-add", onclick: add }, withIcon("plus", t("followup.redact_add"))),
      submit,
      h("button", { type: "button", class: "button button-quiet", id: "redact-close", onclick: close }, t("cases.close"))
    ),
    problem,
    status
  );
  let opener = null;

  const clamp = (value) => Math.min(100, Math.max(0, value));
  const point = (event) => {
    const box = stage.getBoundingClientRect();
    return [clamp(((event.clientX - box.left) / box.width) * 100), clamp(((event.clientY - box.top) / box.height) * 100)];
  };
  function start(event) {
    if (event.button !== 0) return;
    event.preventDefault();
    stage.setPointerCapture(event.pointerId);
    const [x, y] = point(event);
    dragging = { x0: x, y0: y, box: { x, y, w: 0, h: 0 } };
    boxes.push(dragging.box);
    drawLayer();
  }
  function move(event) {
    if (!dragging) return;
    const [x, y] = point(event);
    Object.assign(dragging.box, { x: Math.min(x, dragging.x0), y: Math.min(y, dragging.y0), w: Math.abs(x - dragging.x0), h: Math.abs(y - dragging.y0) });
    drawLayer();
  }
  function end() {
    if (!dragging) return;
    const { box } = dragging;
    dragging = null;
    if (box.w < 1 || box.h < 1) boxes.splice(boxes.indexOf(box), 1);
    else announce(t("followup.redact_added", { count: boxes.length }));
    drawAll();
  }
  function add() {
    boxes.push({ x: 40, y: 40, w: 20, h: 20 });
    drawAll();
    list.querySelector(`#box-${boxes.length - 1}-x`).focus();
  }
  const round = (value) => Math.round(value * 10) / 10;

  function drawLayer() {
    fill(
      layer,
      boxes.map((box, index) => {
        const element = h("div", { class: "redact-box" }, h("span", null, index + 1));
        Object.assign(element.style, { left: `${box.x}%`, top: `${box.y}%`, width: `${box.w}%`, height: `${box.h}%` });
        return element;
      })
    );
  }

  function drawAll() {
    drawLayer();
    fill(
      list,
      boxes.map((box, index) =>
        h(
          "fieldset",
          { class: "redact-fields", dataset: { index } },
          h("legend", null, t("followup.redact_box", { number: index + 1 })),
          ["x", "y", "w", "h"].map((key) => {
            const input = h("input", { type: "number", id: `box-${index}-${key}`, min: 0, max: 100, step: 0.1, inputmode: "decimal", value: String(round(box[key])) });
            input.addEventListener("input", () => {
              box[key] = clamp(Number(input.value) || 0);
              drawLayer();
            });
            return h("div", { class: "field" }, h("label", { for: input.id }, t(`followup.redact_${key}`)), input);
          }),
          h(
            "button",
            {
              type: "button",
              class: "button",
              id: `box-${index}-remove`,
              onclick: () => {
                boxes.splice(index, 1);
                drawAll();
                announce(t("followup.redact_removed"));
                (list.querySelector("input") || node.querySelector("#redact-add")).focus();
              },
            },
            withIcon("x", t("followup.redact_remove", { number: index + 1 }))
          )
        )
      )
    );
  }

  async function send(event) {
    event.preventDefault();
    problem.textContent = "";
    if (!boxes.length) {
      problem.textContent = t("followup.redact_none");
      return node.querySelector("#redact-add").focus();
    }
    // Percent → pixels of the served display image, kept inside it, at least 4 px.
    const rectangles = boxes.map((box) => {
      const width = Math.max(4, Math.round((box.w / 100) * photo.width));
      const height = Math.max(4, Math.round((box.h / 100) * photo.height));
      return {
        x: Math.min(Math.round((box.x / 100) * photo.width), photo.width - width),
        y: Math.min(Math.round((box.y / 100) * photo.height), photo.height - height),
        width,
        height,
      };
    });
    submit.setAttribute("aria-busy", "true");
    try {
      const fresh = await write(() => post(`/api/v1/findings/${id}/photos/${photo.id}/redact`, { rectangles }));
      show(fresh); // new URLs: the browser and the worker fetch the blurred image
      boxes = [];
      drawAll();
      node.dataset.redacted = photo.id;
      await done(t("followup.redact_done"));
    } catch (failure) {
      problem.textContent = problemText(failure);
      submit.focus();
    } finally {
      submit.removeAttribute("aria-busy");
    }
  }

  function show(which) {
    photo = which;
    Object.assign(image, { src: photo.url, width: photo.width, height: photo.height });
  }

  function close() {
    node.hidden = true;
    photo = null;
    if (opener && opener.isConnected) opener.focus();
  }

  return {
    node,
    status,
    open(which, label) {
      opener = document.activeElement;
      boxes = [];
      status.hidden = true;
      problem.textContent = "";
      heading.textContent = label;
      image.alt = label;
      show(which);
      drawAll();
      node.hidden = false;
      heading.focus();
    },
    /* The finding was fetched again: the photo's new URL, if it is open. */
    refresh(photos) {
      const now = photo && photos.find((p) => p.id === photo.id);
      if (now) show(now);
      opener = photo && document.querySelector(`#redact-list [data-photo="${photo.id}"]`);
    },
  };
}
