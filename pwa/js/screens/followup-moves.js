// The coordinators' moves on one finding (the follow-up panel, followup.js): a form for each
// move the server offers now (`transitions`): triage, route or reroute (or send back to an
// owner), verify, reopen, merge a duplicate (or judge a pair distinct), reject, and priority and
// due date. Online only, never queued; what was typed stays in the draft.

import { get, patch, post } from "../api.js";
import { actionForm } from "../forms.js";
import { formatDateTime, formatNumber, t } from "../i18n.js";
import { on } from "../session.js";
import { fill, h } from "../ui.js";
import { DONE, WITH_OWNER } from "./cases.js";

let organisations = null;
on("signed-out", () => (organisations = null));

/* The panel's part for coordinators: {node, draw(f)}. `kit` comes from the panel: the finding's
   id, field() kept in its draft, the draft itself and act(call, doneText, submit). */
export function coordinatorMoves(kit) {
  const { id, draft, field, act } = kit;
  const node = h("div", { class: "stack", id: "followup-moves" });
  const status = (body) => () => post(`/api/v1/findings/${id}/status`, body);
  const required = (input, missing) => input.value() || input.invalid(t(missing));
  const form = (key, fields, check, options) => moveForm(key, fields, check, act, options);
  let f = null;

  function triageForm() {
    const comment = field("triage-comment", t("followup.comment_optional"));
    const check = () => status({ status: "granskad", comment: comment.value() || null });
    return form("triage", comment.node, check);
  }

  function routeForm() {
    const reopen = DONE.includes(f.status); // reopened by a move back to granskad or skickad
    const options = (organisations || []).map((o) => h("option", { value: String(o.id) }, o.name));
    const org = field(
      "route-org",
      t("followup.route_org"),
      { tag: "select", options: [h("option", { value: "" }, t("followup.choose")), options] },
      !organisations && t("followup.orgs_offline")
    );
    if (draft["route-org"] === undefined && f.assigned_org) {
      org.control.value = String(f.assigned_org.id);
    }
    const hint = reopen ? t("followup.reopen_hint") : t("followup.route_hint");
    const comment = field("route-comment", t("followup.why_required"), {}, hint);
    const key = reopen ? "reopen_send" : f.assigned_org ? "reroute" : "route";
    return form(key, [org.node, comment.node], () => {
      const chosen = org.value();
      const why = comment.value();
      if (!chosen) return org.invalid(t("followup.route_missing"));
      if (!why) return comment.invalid(t("followup.why_missing"));
      const body = { organisation_id: Number(chosen), comment: why };
      if (reopen) return status({ status: "skickad", ...body });
      return () => post(`/api/v1/findings/${id}/route`, body);
    });
  }

  function reopenForm() {
    const hint = t("followup.reopen_hint");
    const comment = field("reopen-comment", t("followup.why_required"), {}, hint);
    const check = () =>
      required(comment, "followup.why_missing") &&
      status({ status: "granskad", comment: comment.value() });
    return form("reopen", comment.node, check);
  }

  function verifyForm() {
    const comment = field("verify-comment", t("followup.comment_optional"));
    const check = () => status({ status: "verifierad", comment: comment.value() || null });
    return form("verify", comment.node, check);
  }

  function rejectForm() {
    const hint = t("followup.reject_hint");
    const reason = field("reject-reason", t("followup.reject_reason"), {}, hint);
    const confirm = {
      title: t("followup.reject_title"),
      text: t("followup.reject_confirm"),
      confirm: t("followup.reject_submit"),
    };
    const check = () =>
      required(reason, "followup.reject_missing") &&
      status({ status: "avvisad", comment: reason.value() });
    return form("reject", reason.node, check, { danger: true, confirm });
  }

  function scheduleForm() {
    const priority = field("followup-priority", t("cases.col.priority"), {
      tag: "select",
      options: [1, 2, 3].map((p) => h("option", { value: String(p) }, t(`cases.priority.${p}`))),
    });
    if (draft["followup-priority"] === undefined) priority.control.value = String(f.priority);
    const due = field(
      "followup-due",
      t("cases.col.due"),
      { type: "date", value: f.due_date || "" },
      t("followup.due_hint")
    );
    if (draft["followup-due"] === undefined) due.control.value = f.due_date || "";
    return form("schedule", [priority.node, due.node], () => {
      const body = {};
      if (Number(priority.value()) !== f.priority) body.priority = Number(priority.value());
      if (due.value() !== (f.due_date || "")) body.due_date = due.value() || null;
      if (!Object.keys(body).length) return due.invalid(t("followup.schedule_unchanged"));
      return () => patch(`/api/v1/findings/${id}/followup`, body);
    });
  }

  async function draw(finding) {
    f = finding;
    const can = new Set(f.transitions);
    const reopened = DONE.includes(f.status);
    const needs = [];
    if (can.has("skickad") || WITH_OWNER.includes(f.status)) needs.push(listOrganisations());
    const candidates = can.has("dubblett") ? possibleDuplicates(id) : [];
    await Promise.all(needs);
    const forms = [
      can.has("granskad") && !reopened && triageForm(),
      (can.has("skickad") || WITH_OWNER.includes(f.status)) && routeForm(),
      can.has("verifierad") && verifyForm(),
      can.has("granskad") && reopened && reopenForm(),
      can.has("dubblett") && mergeForm(kit, await candidates, form),
      can.has("avvisad") && rejectForm(),
      !["avvisad", "dubblett"].includes(f.status) && scheduleForm(),
    ].filter(Boolean);
    fill(node, forms.length ? forms : h("p", { id: "followup-no-moves" }, t("followup.no_moves")));
  }

  return { node, draw };
}

/* One form per move; check() gives the request or null. */
function moveForm(key, fields, check, act, { danger, confirm } = {}) {
  return actionForm({
    key,
    heading: t(`followup.${key}_title`),
    fields,
    submitText: t(`followup.${key}_submit`),
    check,
    send: (request, submit) => act(request, t(`followup.${key}_done`), submit),
    danger,
    confirm,
  });
}

function listOrganisations() {
  if (organisations) return Promise.resolve(organisations);
  return get("/api/v1/organisations").then(
    (found) => (organisations = found),
    () => null
  );
}

const possibleDuplicates = (id) =>
  get(`/api/v1/findings/${id}/detail`).then(
    (detail) => detail.possible_duplicates,
    () => []
  );

const candidateText = (c) =>
  t("followup.candidate", {
    distance: formatNumber(c.distance_m),
    time: formatDateTime(c.captured_at),
    status: t(`status.${c.status}`),
  });

/* Merge into one of the findings nearby that may be the same (the original is chosen). */
function mergeForm({ id, draft, field, act }, candidates, form) {
  const list = candidates.filter((c) => c.id !== id);
  const radios = list.map((c, index) =>
    h(
      "div",
      { class: "choice" },
      h("input", {
        type: "radio",
        name: "merge-into",
        id: `merge-${index}`,
        value: c.id,
        checked: draft["merge-into"] === c.id,
        onchange: () => (draft["merge-into"] = c.id),
      }),
      h("label", { for: `merge-${index}` }, candidateText(c)),
      h(
        "a",
        {
          class: "button button-quiet",
          href: `#/findings?id=${c.id}`,
          "aria-label": `${t("followup.candidate_open")}: ${candidateText(c)}`,
        },
        t("followup.candidate_open")
      ),
      c.distinct
        ? h("span", { class: "hint", id: `distinct-${index}` }, t("followup.distinct_judged"))
        : distinctButton(id, c, index, act)
    )
  );
  const missing = h("p", { class: "field-error", id: "merge-error" });
  const comment = field("merge-comment", t("followup.comment_optional"));
  const choice = list.length
    ? h(
        "fieldset",
        { class: "choice-group stack", "aria-describedby": "merge-error" },
        h("legend", null, t("followup.merge_into")),
        radios
      )
    : h("p", { class: "hint", id: "merge-none" }, t("followup.merge_none"));
  return form("merge", [choice, missing, comment.node], () => {
    missing.textContent = "";
    const into = draft["merge-into"];
    if (!list.length) return null;
    if (!into || !list.some((c) => c.id === into)) {
      missing.textContent = t("followup.merge_missing");
      return (radios[0].querySelector("input").focus(), null);
    }
    return () => post(`/api/v1/findings/${id}/merge`, { into, comment: comment.value() || null });
  });
}

/* "Inte samma": the pair leaves the triage queue; the finding stays as it is. */
function distinctButton(id, c, index, act) {
  const button = h(
    "button",
    {
      type: "button",
      class: "button button-quiet",
      id: `distinct-${index}`,
      "aria-label": `${t("followup.distinct")}: ${candidateText(c)}`,
    },
    t("followup.distinct")
  );
  const call = () => post(`/api/v1/findings/${id}/distinct`, { other: c.id });
  button.addEventListener("click", () => act(call, t("followup.distinct_done"), button));
  return button;
}
