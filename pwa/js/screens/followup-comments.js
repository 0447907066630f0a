// The comments on one finding (the follow-up panel, followup.js): the list, and a form to write
// one. Coordinators choose who sees it (internal, or shared with the owner); owners' comments
// go to the coordinators. Online only, never queued; what was typed stays in the draft.

import { get, post } from "../api.js";
import { formatDateTime, t } from "../i18n.js";
import { fill, h } from "../ui.js";

/* {list, form, draw(f)}: draw() fetches the comments into `list` and puts a fresh form in
   `form`. `kit` as in the panel: id, draft, field(), act(). */
export function comments({ id, draft, field, act }, staff) {
  const list = h("ol", { class: "history", id: "comment-list" });
  const form = h("div", { class: "stack" });

  async function drawList() {
    let found;
    try {
      found = await get(`/api/v1/findings/${id}/comments`);
    } catch {
      found = null;
    }
    fill(
      list,
      found === null
        ? h("li", null, t("followup.comments_offline"))
        : found.length
          ? found.map((c) => commentItem(c, staff))
          : h("li", null, t("followup.comments_empty"))
    );
  }

  function commentForm(f) {
    const hint = staff ? null : t("followup.comment_owner_hint");
    const body = field("comment-body", t("followup.comment_label"), { required: true }, hint);
    const submit = h(
      "button",
      { type: "submit", class: "button button-primary", id: "submit-comment" },
      t("followup.comment_submit")
    );
    const onsubmit = (event) => {
      event.preventDefault();
      const text = body.value();
      if (!text) return body.invalid(t("followup.comment_missing"));
      const visibility = staff ? draft["comment-visibility"] || "internal" : "owner";
      const call = () => post(`/api/v1/findings/${id}/comments`, { body: text, visibility });
      act(call, t("followup.comment_done"), submit);
    };
    return h(
      "form",
      {
        class: "action-form stack",
        id: "form-comment",
        novalidate: true,
        "aria-label": t("followup.comment_form"),
        onsubmit,
      },
      body.node,
      staff ? visibilityChoice(f, draft) : null,
      submit
    );
  }

  return {
    list,
    form,
    draw(f) {
      fill(form, commentForm(f));
      drawList();
    },
  };
}

function commentItem(c, staff) {
  const visibility = c.data?.visibility || "";
  const who = [c.actor?.name, c.organisation?.name];
  const seen = visibility === "owner" ? "followup.visible_owner" : "followup.visible_internal";
  return h(
    "li",
    { class: "history-item", dataset: { visibility } },
    h(
      "p",
      { class: "meta" },
      h("time", { datetime: c.at }, formatDateTime(c.at)),
      " · ",
      who.filter(Boolean).join(", ")
    ),
    staff && h("p", { class: "meta" }, t(seen)),
    h("p", { class: "note" }, c.comment)
  );
}

/* Internal, or shared with the owner (only when the finding has one). */
function visibilityChoice(f, draft) {
  const label = (value) => {
    if (value === "internal") return t("followup.visibility_internal");
    if (!f.assigned_org) return t("followup.visibility_nobody");
    return t("followup.visibility_owner", { organisation: f.assigned_org.name });
  };
  return h(
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
        h("label", { for: `visibility-${value}` }, label(value))
      )
    )
  );
}
