// The owner's moves on one finding (case.js): a form of its own for each move the server
// allows now (`transitions`): acknowledge, plan, fixed (with photos of the fix), not ours.
// Moves are decisions, not field captures: they need the network and are never queued. Offline
// the form stays as filled in (kept per finding while the app is open) and says why it waits.

import { post, putBytes } from "../api.js";
import { draftField, actionForm as sharedActionForm } from "../forms.js";
import { t, tn } from "../i18n.js";
import { PhotoError, shrink, uuid } from "../photos.js";
import { state, write } from "../session.js";
import { announce, fill, h, icon, withIcon } from "../ui.js";
import { today } from "./cases.js";

const ACTIONS = {
  mottagen: "ack",
  planerad: "plan",
  "åtgärdad": "fixed",
  "ej vårt ansvar": "not-ours",
}; // → ids
// The drafts a move sends, cleared once it is made.
const CLEARS = new Map([
  ["planerad", ["plan-date"]],
  ["åtgärdad", ["fixed-comment"]],
]);
const MAX_AFTER_PHOTOS = 5;

/* draw(f) after every fetch of the finding. `noMoves`: the text's key when no move is allowed;
   `moved(finding, text)`: a move was made (draw anew, say `text`); `forget()`: drop the draft
   (the finding has left the organisation); `conflict()`: someone else moved it first. */
export function caseActions({ id, draft, navigate, noMoves, moved, forget, conflict }) {
  let f = null;
  let busy = false;
  const node = h("div", { class: "stack", id: "case-actions" });
  const offlineNote = h(
    "p",
    { class: "warning", id: "case-offline" },
    icon("alert"),
    h("span", null, t("cases.actions_offline"))
  );
  const actionError = h("p", { class: "form-error", id: "case-action-error", role: "alert" });

  function draw(finding) {
    f = finding;
    const moves = f.transitions.filter((status) => ACTIONS[status]);
    offlineNote.hidden = navigator.onLine;
    if (!moves.length) return fill(node, h("p", { id: "case-no-actions" }, t(noMoves)));
    const kit = { f, draft, actionForm, field: (...args) => keptField(draft, ...args) };
    fill(
      node,
      offlineNote,
      actionError,
      moves.map((status) => FORMS[status](kit))
    );
  }

  /* A form of its own per action; check() returns the request's body or null. */
  function actionForm(status, heading, fields, submitText, check, confirm) {
    const key = ACTIONS[status];
    const send = (body, submit) => act(status, body, submit);
    const danger = key === "not-ours";
    return sharedActionForm({ key, heading, fields, submitText, check, send, danger, confirm });
  }

  async function act(status, body, submit) {
    if (busy) return;
    actionError.textContent = "";
    busy = true;
    submit.setAttribute("aria-busy", "true");
    try {
      await sendAfterPhotos(status);
      const finding = await write(() => post(`/api/v1/findings/${id}/status`, { status, ...body }));
      const done = t(`cases.done.${ACTIONS[status]}`);
      if (status === "åtgärdad" || status === "ej vårt ansvar") {
        draft.photos.forEach((photo) => URL.revokeObjectURL(photo.url));
        draft.photos = [];
      }
      if (status === "ej vårt ansvar") {
        forget();
        state.flash = done; // it has left the organisation: back to the list, where it is no more
        return navigate("#/tasks");
      }
      for (const key of CLEARS.get(status) || []) delete draft[key];
      await moved(finding, done);
    } catch (error) {
      const details = error.errors ? Object.values(error.errors).flat().join(" ") : "";
      actionError.textContent =
        error.status === 0 ? t("cases.action_offline") : `${error.message} ${details}`.trim();
      if (error.status === 409 || error.status === 412) conflict();
      if (submit.isConnected) submit.focus();
    } finally {
      busy = false;
      submit.removeAttribute("aria-busy");
    }
  }

  /* The photos of the fix first, one request each: a retry sends only what is missing. */
  async function sendAfterPhotos(status) {
    for (const photo of status === "åtgärdad" ? draft.photos : []) {
      const url = `/api/v1/findings/${id}/photos/${photo.id}?kind=after`;
      const options = { timeoutMs: 120000 };
      if (!photo.sent) await write(() => putBytes(url, photo.data, photo.type, options));
      photo.sent = true;
    }
  }

  return { node, draw, onNetwork: () => (offlineNote.hidden = navigator.onLine) };
}

// The forms, one per move: each gets {f, draft, field(), actionForm()} from caseActions.
const FORMS = {
  mottagen: acknowledgeForm,
  planerad: planForm,
  "åtgärdad": fixedForm,
  "ej vårt ansvar": notOursForm,
};

/* A text field kept in the draft, with its error line; an emptied one shows props.value again. */
function keptField(draft, name, label, props, hint) {
  const made = draftField(draft, name, label, props, hint);
  if (!draft[name]) made.control.value = props.value || "";
  return made;
}

function acknowledgeForm({ actionForm }) {
  const hint = h("p", { class: "hint" }, t("cases.ack_hint"));
  const submit = withIcon("check", t("cases.ack_submit"));
  return actionForm("mottagen", t("cases.ack_title"), hint, submit, () => ({}));
}

function planForm({ f, field, actionForm }) {
  const again = f.status === "planerad";
  const date = field(
    "plan-date",
    t("cases.plan_date"),
    { type: "date", required: true, min: today(), max: today(730), value: f.planned_for },
    t("cases.plan_hint")
  );
  const check = () => {
    const value = date.value();
    if (!value) return date.invalid(t("cases.plan_missing"));
    const { min, max } = date.control;
    if (value < min || value > max) return date.invalid(t("cases.plan_range"));
    return { planned_for: value };
  };
  const heading = t(again ? "cases.plan_again_title" : "cases.plan_title");
  const submit = withIcon("clock", t(again ? "cases.plan_again_submit" : "cases.plan_submit"));
  return actionForm("planerad", heading, date.node, submit, check);
}

function fixedForm({ draft, field, actionForm }) {
  const comment = field("fixed-comment", t("cases.fixed_comment"), {});
  const photos = afterPhotos(draft);
  const check = async () => {
    await photos.ready();
    return { comment: comment.control.value.trim() || null };
  };
  const submit = withIcon("check", t("cases.fixed_submit"));
  const fields = [comment.node, photos.nodes];
  return actionForm("åtgärdad", t("cases.fixed_title"), fields, submit, check);
}

function notOursForm({ field, actionForm }) {
  const reason = field(
    "not-ours-reason",
    t("cases.not_ours_reason"),
    { required: true },
    t("cases.not_ours_hint")
  );
  const check = () => {
    const text = reason.value();
    return text ? { comment: text } : reason.invalid(t("cases.not_ours_missing"));
  };
  const confirm = {
    title: t("cases.not_ours_confirm_title"),
    text: t("cases.not_ours_confirm_text"),
    confirm: t("cases.not_ours_submit"),
  };
  const submit = withIcon("x", t("cases.not_ours_submit"));
  return actionForm(
    "ej vårt ansvar",
    t("cases.not_ours_title"),
    reason.node,
    submit,
    check,
    confirm
  );
}

/* Photos of the fix, taken or picked, shrunk as a reporter's are and kept in draft.photos
   until sent: {nodes, ready()}, ready() settling once the photos chosen so far are ready. */
function afterPhotos(draft) {
  const list = h("ul", { class: "photo-list", id: "after-photo-list" });
  const status = h("p", { class: "hint", id: "after-photo-status", "aria-live": "polite" });
  let work = Promise.resolve();
  const chosenPhoto = (photo, index) =>
    h(
      "li",
      { class: "photo" },
      h("img", {
        src: photo.url,
        alt: t("cases.after_photo", { number: index + 1, count: draft.photos.length }),
        width: 96,
        height: 96,
      }),
      h(
        "button",
        {
          type: "button",
          class: "button button-icon photo-remove",
          "aria-label": t("capture.photo_remove", { number: index + 1 }),
          onclick: () => remove(index),
        },
        icon("x")
      )
    );
  const drawChosen = () => {
    fill(list, draft.photos.map(chosenPhoto));
    status.textContent = draft.photos.length
      ? tn("capture.photo_count", draft.photos.length)
      : t("cases.after_none");
  };
  const remove = (index) => {
    URL.revokeObjectURL(draft.photos.splice(index, 1)[0].url);
    drawChosen();
    announce(t("capture.photo_removed"));
    (list.querySelector(".photo-remove") || gallery[0]).focus();
  };
  const add = (input) => {
    const files = [...input.files];
    input.value = "";
    work = work.then(() => addPhotos(files));
  };
  const addPhotos = async (files) => {
    for (const file of files) {
      if (draft.photos.length >= MAX_AFTER_PHOTOS) {
        status.textContent = t("capture.photo_limit", { max: MAX_AFTER_PHOTOS });
        break;
      }
      status.textContent = t("capture.photo_working");
      try {
        const { type, data } = await shrink(file); // as the reporter's: 2048 px, JPEG, no metadata
        const url = URL.createObjectURL(new Blob([data], { type }));
        draft.photos.push({ id: uuid(), type, data, url });
        drawChosen();
        announce(tn("capture.photo_added", draft.photos.length));
      } catch (error) {
        status.textContent = t(error instanceof PhotoError ? error.reason : "photo.error_decode");
      }
    }
  };
  const picker = (inputId, iconName, text, extra) => [
    h("input", {
      type: "file",
      accept: "image/*",
      id: inputId,
      class: "file-input",
      onchange: (event) => add(event.target),
      ...extra,
    }),
    h("label", { for: inputId, class: "button" }, withIcon(iconName, t(text))),
  ];
  const camera = picker("after-camera", "camera", "capture.take_photo", { capture: "environment" });
  const gallery = picker("after-gallery", "image", "capture.pick_photo", { multiple: true });
  drawChosen();
  const nodes = [
    h("p", { class: "label-like" }, t("cases.after_label")),
    h("div", { class: "photo-actions" }, camera, gallery),
    list,
    status,
  ];
  return { nodes, ready: () => work };
}
