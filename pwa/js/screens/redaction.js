// Blurring parts of a photo (the coordinators' follow-up panel, followup.js): a button per
// photo opens the editor, where rectangles in percent of the photo are drawn by dragging
// (mouse, pen or finger) or typed in fields, and sent in the display image's pixels.

import { post } from "../api.js";
import { t } from "../i18n.js";
import { write } from "../session.js";
import { announce, fill, h, withIcon } from "../ui.js";

const clamp = (value) => Math.min(100, Math.max(0, value));
const round = (value) => Math.round(value * 10) / 10;

/* A button per photo of the finding, each opening it in `editor`. */
export function redactButtons(photos, editor) {
  if (!photos.length) return h("p", { class: "hint" }, t("cases.no_photos"));
  const button = (photo, index) => {
    const label = t("followup.redact_photo", { number: index + 1, count: photos.length });
    return h(
      "li",
      null,
      h(
        "button",
        {
          type: "button",
          class: "button",
          id: `redact-open-${index}`,
          dataset: { photo: photo.id },
          onclick: () => editor.open(photo, label),
        },
        withIcon("image", label),
        photo.redacted && h("span", { class: "meta" }, ` (${t("followup.redacted")})`)
      )
    );
  };
  return h("ul", { class: "button-row", id: "redact-list" }, photos.map(button));
}

/* The editor, hidden until open(photo, label); `problemText(error)` words a failure, `done(text)`
   follows a blurring that was saved. {node, status, open(), refresh(photos)}. */
export function redactionEditor({ id, done, problemText }) {
  let photo = null;
  let opener = null;
  const heading = h("h3", { id: "redact-title", tabindex: "-1" });
  const image = h("img", { id: "redact-image", alt: "" });
  const boxes = rectangles(image, { focusAfterRemove: () => addButton });
  const status = h("p", {
    class: "flash",
    id: "redact-status",
    role: "status",
    tabindex: "-1",
    hidden: true,
  });
  const problem = h("p", { class: "form-error", id: "redact-error", role: "alert" });
  const submit = h(
    "button",
    { type: "submit", class: "button button-primary", id: "redact-submit" },
    t("followup.redact_submit")
  );
  const addButton = h(
    "button",
    { type: "button", class: "button", id: "redact-add", onclick: boxes.add },
    withIcon("plus", t("followup.redact_add"))
  );
  const closeButton = h(
    "button",
    { type: "button", class: "button button-quiet", id: "redact-close", onclick: close },
    t("cases.close")
  );
  const node = h(
    "form",
    {
      class: "action-form stack redact-editor",
      id: "redact-editor",
      novalidate: true,
      "aria-labelledby": "redact-title",
      hidden: true,
      onsubmit: send,
    },
    heading,
    h("p", { class: "hint", id: "redact-help" }, t("followup.redact_help")),
    boxes.stage,
    boxes.list,
    h("div", { class: "button-row" }, addButton, submit, closeButton),
    problem,
    status
  );

  async function send(event) {
    event.preventDefault();
    problem.textContent = "";
    if (!boxes.count()) {
      problem.textContent = t("followup.redact_none");
      return addButton.focus();
    }
    const rectangles = boxes.inPixels(photo);
    submit.setAttribute("aria-busy", "true");
    try {
      const url = `/api/v1/findings/${id}/photos/${photo.id}/redact`;
      const fresh = await write(() => post(url, { rectangles }));
      show(fresh); // new URLs: the browser and the worker fetch the blurred image
      boxes.clear();
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
    if (opener?.isConnected) opener.focus();
  }

  return {
    node,
    status,
    open(which, label) {
      opener = document.activeElement;
      status.hidden = true;
      problem.textContent = "";
      heading.textContent = label;
      image.alt = label;
      show(which);
      boxes.clear();
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

/* The rectangles over `image`: drawn on the stage by dragging, and as fields (x, y, width,
   height in percent) in the list. */
function rectangles(image, { focusAfterRemove }) {
  let boxes = [];
  let dragging = null;
  const layer = h("div", { class: "redact-layer", "aria-hidden": "true" });
  const stage = h(
    "div",
    {
      class: "redact-stage",
      id: "redact-stage",
      onpointerdown: start,
      onpointermove: move,
      onpointerup: end,
      onpointercancel: end,
    },
    image,
    layer
  );
  const list = h("div", { class: "stack", id: "redact-boxes" });

  const point = (event) => {
    const box = stage.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * 100;
    return [clamp(x), clamp(((event.clientY - box.top) / box.height) * 100)];
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
    const { x0, y0 } = dragging;
    const size = { w: Math.abs(x - x0), h: Math.abs(y - y0) };
    Object.assign(dragging.box, { x: Math.min(x, x0), y: Math.min(y, y0), ...size });
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
  function remove(index) {
    boxes.splice(index, 1);
    drawAll();
    announce(t("followup.redact_removed"));
    (list.querySelector("input") || focusAfterRemove()).focus();
  }

  function drawLayer() {
    fill(
      layer,
      boxes.map((box, index) => {
        const element = h("div", { class: "redact-box" }, h("span", null, index + 1));
        const place = { left: `${box.x}%`, top: `${box.y}%`, width: `${box.w}%` };
        Object.assign(element.style, { ...place, height: `${box.h}%` });
        return element;
      })
    );
  }

  function drawAll() {
    drawLayer();
    fill(
      list,
      boxes.map((box, index) => boxFields(box, index, { changed: drawLayer, remove }))
    );
  }

  return {
    stage,
    list,
    add,
    count: () => boxes.length,
    inPixels: (photo) => inPixels(boxes, photo),
    clear: () => {
      boxes = [];
      drawAll();
    },
  };
}

/* One rectangle's fields, in percent; `changed()` after a typed change, `remove(index)`. */
function boxFields(box, index, { changed, remove }) {
  const input = (key) => {
    const element = h("input", {
      type: "number",
      id: `box-${index}-${key}`,
      min: 0,
      max: 100,
      step: 0.1,
      inputmode: "decimal",
      value: String(round(box[key])),
    });
    element.addEventListener("input", () => {
      box[key] = clamp(Number(element.value) || 0);
      changed();
    });
    const label = h("label", { for: element.id }, t(`followup.redact_${key}`));
    return h("div", { class: "field" }, label, element);
  };
  return h(
    "fieldset",
    { class: "redact-fields", dataset: { index } },
    h("legend", null, t("followup.redact_box", { number: index + 1 })),
    ["x", "y", "w", "h"].map(input),
    h(
      "button",
      {
        type: "button",
        class: "button",
        id: `box-${index}-remove`,
        onclick: () => remove(index),
      },
      withIcon("x", t("followup.redact_remove", { number: index + 1 }))
    )
  );
}

/* Percent → pixels of the served display image, kept inside it, at least 4 px. */
function inPixels(boxes, photo) {
  return boxes.map((box) => {
    const width = Math.max(4, Math.round((box.w / 100) * photo.width));
    const height = Math.max(4, Math.round((box.h / 100) * photo.height));
    return {
      x: Math.min(Math.round((box.x / 100) * photo.width), photo.width - width),
      y: Math.min(Math.round((box.y / 100) * photo.height), photo.height - height),
      width,
      height,
    };
  });
}
