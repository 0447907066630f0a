// Forms of the staff screens, written once: fields with a label, an optional hint and an error
// line, both tied to the control by aria-describedby, and aria-invalid while the error line says
// something; and a form of its own per action. Loaded only with the staff screens (reporters'
// forms do not use it).

import { confirmDialog, h } from "./ui.js";

/* A labelled control in a .field; `hint` and an error line are tied to it by aria-describedby. */
export function field(label, control, hint) {
  const error = h("p", { class: "field-error", id: `${control.id}-error` });
  const hintNode = hint ? h("p", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  const describedBy = [hintNode?.id, error.id].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", describedBy);
  return h(
    "div",
    { class: "field" },
    h("label", { for: control.id }, label),
    hintNode,
    control,
    error
  );
}

/* The control's error line says `text` and the control is marked invalid; "" clears both. */
export function setError(control, text) {
  const error =
    document.getElementById(`${control.id}-error`) ||
    control.parentElement.querySelector(".field-error");
  if (error) error.textContent = text || "";
  if (text) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

/* A text field, textarea (the default) or select (`tag: "select"`, `options`) whose value is
   kept in draft[name] while the app is open, so that what was typed survives a redraw.
   value() clears the error and gives the trimmed value; invalid(text) shows the error, moves
   the focus to the control and gives null (a check's "nothing to send"). */
export function draftField(draft, name, label, props = {}, hint) {
  const { tag = props.type ? "input" : "textarea", options, ...rest } = props;
  const base = tag === "textarea" ? { rows: 3, maxlength: 2000 } : {};
  const keep = () => (draft[name] = control.value);
  const control = h(tag, { id: name, ...base, ...rest, oninput: keep }, options);
  if (draft[name] !== undefined) control.value = draft[name];
  const invalid = (text) => (setError(control, text), control.focus(), null);
  const value = () => (setError(control, ""), control.value.trim());
  return { control, invalid, value, node: field(label, control, hint) };
}

/* A form of its own for one action (#form-<key>): a heading, the fields and a submit button
   (#submit-<key>, red when `danger`). On submit check() gives what to send, or null when there
   is nothing (the fields say why); with `confirm` ({title, text, confirm}) and a network the
   user is asked first; then send(what, submit). */
export function actionForm({ key, heading, fields, submitText, check, send, danger, confirm }) {
  const submit = h(
    "button",
    {
      type: "submit",
      class: `button ${danger ? "button-danger" : "button-primary"}`,
      id: `submit-${key}`,
    },
    submitText
  );
  const onsubmit = async (event) => {
    event.preventDefault();
    const what = await check();
    if (!what) return;
    if (confirm && navigator.onLine && !(await confirmDialog(confirm))) return;
    send(what, submit);
  };
  return h(
    "form",
    {
      class: "action-form stack",
      id: `form-${key}`,
      novalidate: true,
      "aria-labelledby": `form-${key}-title`,
      onsubmit,
    },
    h("h3", { id: `form-${key}-title` }, heading),
    fields,
    submit
  );
}
