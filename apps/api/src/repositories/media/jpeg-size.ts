export interface ImageSize {
  width: number;
  height: number;
}

// Start-of-frame markers carry the image size; C4, C8 and CC share the range but are not SOFs.
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Reads the size from a JPEG's frame header, or null if `head` is not (yet) long enough or
 * not a JPEG. Reporting what ffmpeg actually wrote keeps sprite geometry honest even when
 * the source is rotated or has non-square pixels.
 */
export function readJpegSize(head: Buffer): ImageSize | null {
  if (head.length < 4 || head[0] !== 0xff || head[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 4 <= head.length) {
    if (head[offset] !== 0xff) return null;
    const marker = head[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = head.readUInt16BE(offset + 2);
    if (SOF_MARKERS.has(marker)) {
      if (offset + 9 > head.length) return null;
      return { height: head.readUInt16BE(offset + 5), width: head.readUInt16BE(offset + 7) };
    }
    if (marker === 0xda) return null; // scan data began without a frame header
    offset += 2 + length;
  }
  return null;
}
