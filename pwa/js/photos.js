// Photos are made smaller on the phone before they are queued: long edge at most 2048 px, JPEG
// at quality 0.8, turned upright from the EXIF orientation. Re-encoding from pixels also drops
// the metadata. The bytes are kept as ArrayBuffer + MIME type (see store.js).

export const MAX_EDGE = 2048;
export const QUALITY = 0.8;
export const MAX_ORIGINAL_BYTES = 25 * 1000 * 1000;
const PASSTHROUGH_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "image/heif",
]);

export class PhotoError extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason; // a catalogue key
  }
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/* → {data: ArrayBuffer, type, width, height} */
export async function shrink(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    // A format this browser cannot decode (HEIC on Android): the server can. Sent as it is
    // (`original`): the capture screen shows its size and a preview (capture/exif.js).
    return passthrough(file);
  }
  try {
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const blob = await encode(bitmap, width, height);
    return { data: await blob.arrayBuffer(), type: "image/jpeg", width, height };
  } finally {
    bitmap.close();
  }
}

async function encode(bitmap, width, height) {
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(width, height);
    draw(canvas.getContext("2d"), bitmap, width, height);
    return canvas.convertToBlob({ type: "image/jpeg", quality: QUALITY });
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  draw(canvas.getContext("2d"), bitmap, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new PhotoError("photo.error_decode"))),
      "image/jpeg",
      QUALITY
    )
  );
}

function draw(context, bitmap, width, height) {
  context.fillStyle = "#ffffff"; // transparent PNGs become white, not black, in a JPEG
  context.fillRect(0, 0, width, height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, width, height);
}

async function passthrough(file) {
  const type = (file.type || "").toLowerCase();
  if (!PASSTHROUGH_TYPES.has(type)) throw new PhotoError("photo.error_type");
  if (file.size > MAX_ORIGINAL_BYTES) throw new PhotoError("photo.error_size");
  return { data: await file.arrayBuffer(), type, width: null, height: null, original: true };
}

/* "2026-11-20T18:42:10+01:00": the device's local time with its offset. */
export function localIsoString(date = new Date()) {
  const pad = (value) => String(Math.abs(Math.trunc(value))).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}
