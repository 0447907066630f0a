// What a gallery photo says of itself, read from its EXIF without decoding the image: the GPS
// position, and the small JPEG thumbnail a camera may embed (a preview of a photo this browser
// cannot decode, such as HEIC on Android). Works on a JPEG (the APP1 segment) and on a HEIC or
// HEIF (its Exif item, found by its "Exif\0\0" + TIFF header). Loaded only when a photo is
// picked from the gallery, or kept in its original format (capture/photos.js).

const HEAD_BYTES = 256 * 1024;

/* → {lat, lon} or null. Reads the first 256 kB only. */
export async function exifPosition(file) {
  const tiff = await findTiff(file);
  try {
    return tiff ? readGps(tiff) : null;
  } catch {
    return null; // a damaged EXIF: no position
  }
}

/* → a Blob (image/jpeg) of the embedded thumbnail (EXIF IFD1), or null. */
export async function embeddedThumbnail(file) {
  const tiff = await findTiff(file);
  let place = null;
  try {
    place = tiff && readThumbnail(tiff);
  } catch {
    return null;
  }
  if (!place) return null;
  const start = tiff.start + place.offset;
  const blob = file.slice(start, start + place.length, "image/jpeg");
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head[0] === 0xff && head[1] === 0xd8 ? blob : null;
}

/* The TIFF structure of the EXIF: {view, start, little} or null. */
async function findTiff(file) {
  try {
    const view = new DataView(await file.slice(0, HEAD_BYTES).arrayBuffer());
    const start = view.getUint16(0) === 0xffd8 ? jpegTiff(view) : scanTiff(view);
    if (start === null) return null;
    const little = view.getUint16(start) === 0x4949;
    return { view, start, little };
  } catch {
    return null;
  }
}

function jpegTiff(view) {
  let offset = 2;
  while (offset + 4 <= view.byteLength) {
    const marker = view.getUint16(offset);
    const length = view.getUint16(offset + 2);
    if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966) return offset + 10;
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null;
    offset += 2 + length;
  }
  return null;
}

/* HEIC/HEIF: "Exif\0\0" directly followed by "MM\0*" or "II*\0". */
function scanTiff(view) {
  for (let at = 0; at + 10 <= view.byteLength; at += 1) {
    if (view.getUint32(at) !== 0x45786966 || view.getUint16(at + 4) !== 0) continue;
    const order = view.getUint32(at + 6);
    if (order === 0x4d4d002a || order === 0x49492a00) return at + 6;
  }
  return null;
}

/* An IFD's entries by tag: tag → the entry's offset. */
function entries({ view, start, little }, ifd) {
  const found = new Map();
  const count = view.getUint16(start + ifd, little);
  for (let index = 0; index < count; index += 1) {
    const entry = start + ifd + 2 + index * 12;
    found.set(view.getUint16(entry, little), entry);
  }
  return found;
}

function readThumbnail(tiff) {
  const { view, start, little } = tiff;
  const ifd0 = view.getUint32(start + 4, little);
  const next = view.getUint32(start + ifd0 + 2 + view.getUint16(start + ifd0, little) * 12, little);
  if (!next) return null;
  const ifd1 = entries(tiff, next);
  if (!ifd1.has(0x0201) || !ifd1.has(0x0202)) return null;
  const offset = view.getUint32(ifd1.get(0x0201) + 8, little);
  const length = view.getUint32(ifd1.get(0x0202) + 8, little);
  return offset && length ? { offset, length } : null;
}

function readGps(tiff) {
  const { view, start, little } = tiff;
  const u32 = (at) => view.getUint32(at, little);
  const ifd0 = entries(tiff, u32(start + 4));
  if (!ifd0.has(0x8825)) return null;
  const gps = entries(tiff, u32(ifd0.get(0x8825) + 8));
  const ref = (tag) => (gps.has(tag) ? String.fromCharCode(view.getUint8(gps.get(tag) + 8)) : "");
  const degrees = (tag) => {
    if (!gps.has(tag)) return null;
    const at = start + u32(gps.get(tag) + 8);
    const part = (index) => {
      const denominator = u32(at + index * 8 + 4);
      return denominator ? u32(at + index * 8) / denominator : 0;
    };
    return part(0) + part(1) / 60 + part(2) / 3600;
  };
  let lat = degrees(2);
  let lon = degrees(4);
  if (lat === null || lon === null || (lat === 0 && lon === 0)) return null;
  if (ref(1) === "S") lat = -lat;
  if (ref(3) === "W") lon = -lon;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}
