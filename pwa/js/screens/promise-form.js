// A medborgarlöfte's form (#/promises?new=1, #/promises?edit=<id>), coordinators and admins:
// title, period, area (none: the whole municipality), parties (organisations), focus areas (one
// a line) and the commitments, each with its text, kind and how many are planned per tertial.
// Sent at once; the server checks again (422 names what is wrong) and refuses to remove a
// commitment that walks, insatser or comments refer to (409).

import { api, get, post } from "../api.js";
import { field, setError } from "../forms.js";
import { t } from "../i18n.js";
import { state, write } from "../session.js";
import { h, withIcon } from "../ui.js";
import { areaOptions, frame, options } from "./online.js";
import { backToList, mayManage, offline, problems } from "./promise-common.js";

// The kinds of the API (server/promises/models.py CommitmentKind).
export const KINDS = ["trygghetsvandring", "trygghetsrunda", "områdesvandring", "insats"];

export async function promiseForm(id, navigate) {
  const title = id ? t("promises.edit_title") : t("promises.new_title");
  if (!mayManage()) return { title, node: frame("promise-form", title, backToList()) };
  if (!navigator.onLine) return offline("promise-form", title, navigate);
  let promise = null;
  let areas;
  let organisations;
  try {
    [promise, areas, organisations] = await Promise.all([
      id ? get(`/api/v1/promises/${encodeURIComponent(id)}`) : null,
      areaOptions(t("promises.whole_municipality")),
      get("/api/v1/organisations").catch(() => []),
    ]);
  } catch (error) {
    if (error.status === 0) return offline("promise-form", title, navigate);
    if (error.status === 404)
      return { title, node: frame("promise-form", t("promises.not_found"), backToList()) };
    throw error;
  }
  const controls = basicControls(promise, areas);
  const parties = partyChoice(organisations, promise);
  const list = commitmentList(promise ? promise.commitments : []);
  const formError = h("p", { class: "form-error", id: "pf-error", role: "alert", tabindex: "-1" });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: "pf-submit" },
    id ? t("promises.save") : t("promises.create")
  );

  async function send(event) {
    event.preventDefault();
    formError.textContent = "";
    const body = checked(controls, parties, list);
    if (!body) return;
    submit.setAttribute("aria-busy", "true");
    try {
      const saved = await write(() =>
        id
          ? api("PATCH", `/api/v1/promises/${promise.id}`, { json: body })
          : post("/api/v1/promises", body)
      );
      state.flash = id ? t("promises.saved") : t("promises.created", { title: saved.title });
      navigate(`#/promises?id=${saved.id}`);
    } catch (error) {
      formError.textContent = problems(error);
      formError.focus();
    } finally {
      submit.removeAttribute("aria-busy");
    }
  }

  const back = id
    ? h("a", { class: "back-link", href: `#/promises?id=${promise.id}` }, promise.title)
    : backToList();
  const node = frame(
    "promise-form",
    title,
    back,
    h(
      "form",
      { class: "card stack", id: "promise-form", novalidate: true, onsubmit: send },
      field(t("promises.field.title"), controls.title),
      h(
        "div",
        { class: "filters" },
        field(t("promises.field.starts_on"), controls.starts),
        field(t("promises.field.ends_on"), controls.ends)
      ),
      field(t("promises.field.area"), controls.area),
      parties.node,
      field(t("promises.field.focus_areas"), controls.focus, t("promises.field.focus_hint")),
      list.node,
      formError,
      submit
    )
  );
  return { title, node };
}

function basicControls(promise, areas) {
  const year = new Date().getFullYear();
  return {
    title: h("input", {
      type: "text",
      id: "pf-title",
      required: true,
      maxlength: "200",
      autocomplete: "off",
      value: promise?.title || "",
    }),
    starts: h("input", {
      type: "date",
      id: "pf-starts",
      required: true,
      value: promise?.starts_on || `${year}-01-01`,
    }),
    ends: h("input", {
      type: "date",
      id: "pf-ends",
      required: true,
      value: promise?.ends_on || `${year}-12-31`,
    }),
    area: h("select", { id: "pf-area" }, options(areas, promise?.area?.id ?? "")),
    focus: h(
      "textarea",
      { id: "pf-focus", rows: "3", maxlength: "4000" },
      (promise?.focus_areas || []).join("\n")
    ),
  };
}

/* The organisations behind the promise, as checkboxes. */
function partyChoice(organisations, promise) {
  const chosen = new Set((promise?.parties || []).map((party) => party.id));
  const boxes = organisations.map((org) =>
    h("input", {
      type: "checkbox",
      id: `pf-party-${org.id}`,
      value: org.id,
      checked: chosen.has(org.id),
    })
  );
  const node = h(
    "fieldset",
    { class: "column-choice", id: "pf-parties" },
    h("legend", null, t("promises.field.parties")),
    boxes.length
      ? h(
          "ul",
          { class: "check-list" },
          organisations.map((org, index) =>
            h("li", null, boxes[index], h("label", { for: boxes[index].id }, org.name))
          )
        )
      : h("p", { class: "hint" }, t("promises.no_organisations"))
  );
  return { node, value: () => boxes.filter((box) => box.checked).map((box) => Number(box.value)) };
}

/* The commitments: a fieldset each (text, kind, planned per tertial, remove), and a button that
   adds one. Each row keeps the id of the commitment it changes. */
function commitmentList(existing) {
  const rows = [];
  let next = 0;
  const list = h("ol", { class: "commitment-rows", id: "pf-commitments" });
  const renumber = () =>
    rows.forEach((row, index) => {
      row.legend.textContent = t("promises.commitment_n", { n: index + 1 });
      row.remove.setAttribute("aria-label", t("promises.remove_n", { n: index + 1 }));
      row.remove.hidden = rows.length === 1;
    });

  function add(commitment, focus) {
    next += 1;
    const key = next;
    const text = h(
      "textarea",
      { id: `pf-c${key}-text`, rows: "2", maxlength: "2000", required: true },
      commitment?.text || ""
    );
    const kind = h(
      "select",
      { id: `pf-c${key}-kind` },
      options(
        KINDS.map((k) => [k, t(`promise.kind.${k}`)]),
        commitment?.kind || "trygghetsvandring"
      )
    );
    const planned = h("input", {
      type: "number",
      id: `pf-c${key}-planned`,
      min: "0",
      max: "1000",
      inputmode: "numeric",
      required: true,
      value: String(commitment?.planned_per_tertial ?? 1),
    });
    const legend = h("legend");
    const remove = h(
      "button",
      { type: "button", class: "button button-quiet" },
      t("promises.remove")
    );
    const item = h(
      "li",
      null,
      h(
        "fieldset",
        { class: "commitment-row stack" },
        legend,
        field(t("promises.field.commitment_text"), text),
        h(
          "div",
          { class: "filters" },
          field(t("promises.field.kind"), kind),
          field(t("promises.field.planned"), planned, t("promises.field.planned_hint"))
        ),
        remove
      )
    );
    const row = { id: commitment?.id, text, kind, planned, legend, remove, item };
    remove.addEventListener("click", () => {
      rows.splice(rows.indexOf(row), 1);
      item.remove();
      renumber();
      addButton.focus();
    });
    rows.push(row);
    list.append(item);
    renumber();
    if (focus) text.focus();
  }

  const addButton = h(
    "button",
    { type: "button", class: "button", id: "pf-add-commitment", onclick: () => add(null, true) },
    withIcon("plus", t("promises.add_commitment"))
  );
  for (const commitment of existing) add(commitment, false);
  if (!existing.length) add(null, false);
  const node = h(
    "section",
    { class: "stack", "aria-labelledby": "pf-commitments-title" },
    h("h2", { id: "pf-commitments-title" }, t("promises.commitments")),
    list,
    addButton
  );
  return { node, rows };
}

/* What to send, or null when a field says what is missing (the first one has the focus). */
function checked(controls, parties, list) {
  const all = [controls.title, controls.starts, controls.ends];
  for (const row of list.rows) all.push(row.text, row.planned);
  for (const control of all) setError(control, "");
  if (!controls.title.value.trim()) setError(controls.title, t("promises.error.title"));
  if (!controls.starts.value) setError(controls.starts, t("promises.error.date"));
  if (!controls.ends.value) setError(controls.ends, t("promises.error.date"));
  else if (controls.starts.value && controls.ends.value < controls.starts.value)
    setError(controls.ends, t("promises.error.ends_before"));
  for (const row of list.rows) {
    if (!row.text.value.trim()) setError(row.text, t("promises.error.commitment_text"));
    if (!/^\d+$/.test(row.planned.value.trim())) setError(row.planned, t("promises.error.planned"));
  }
  const invalid = all.find((control) => control.getAttribute("aria-invalid") === "true");
  if (invalid) {
    invalid.focus();
    return null;
  }
  return {
    title: controls.title.value.trim(),
    starts_on: controls.starts.value,
    ends_on: controls.ends.value,
    area_id: controls.area.value ? Number(controls.area.value) : null,
    parties: parties.value(),
    focus_areas: controls.focus.value
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
    commitments: list.rows.map((row) => ({
      ...(row.id ? { id: row.id } : {}),
      text: row.text.value.trim(),
      kind: row.kind.value,
      planned_per_tertial: Number(row.planned.value.trim()),
    })),
  };
}
