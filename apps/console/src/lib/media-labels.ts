// ffmpeg speaks in machine strings (format lists, codec ids, English error text); staff read
// these instead. Names of formats and codecs are the same in every language.

const FORMATS: Array<[RegExp, string]> = [
  [/^mov,mp4,m4a,3gp,3g2,mj2$/, 'MP4'],
  [/^matroska,webm$/, 'WebM / Matroska'],
  [/^webm$/, 'WebM'],
  [/^matroska$/, 'Matroska'],
  [/^ogg$/, 'Ogg'],
  [/^wav$/, 'WAV'],
  [/^mp3$/, 'MP3'],
  [/^flac$/, 'FLAC'],
  [/^aac$/, 'AAC'],
  [/^avi$/, 'AVI'],
  [/^mpegts$/, 'MPEG-TS'],
  [/^flv$/, 'FLV'],
  [/^asf$/, 'ASF / WMV'],
  [/^mp4$/, 'MP4'],
  [/^mov$/, 'QuickTime'],
];

/**
 * ffmpeg's format name (a comma-separated family such as `mov,mp4,m4a,3gp,3g2,mj2`) as a name a
 * person knows; the MIME type tells the members of that family apart. null when not known.
 */
export function formatName(container: string | null, contentType?: string): string | null {
  if (!container) return null;
  const name = FORMATS.find(([pattern]) => pattern.test(container.trim().toLowerCase()))?.[1] ?? null;
  if (name === 'MP4') {
    if (contentType === 'video/quicktime') return 'QuickTime (MOV)';
    if (contentType === 'audio/mp4' || contentType === 'audio/x-m4a') return 'M4A';
    if (contentType === 'video/3gpp' || contentType === 'audio/3gpp') return '3GP';
  }
  if (name === 'WebM / Matroska' && contentType?.endsWith('/webm')) return 'WebM';
  return name;
}

const CODECS: Record<string, string> = {
  h264: 'H.264',
  hevc: 'H.265 (HEVC)',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  mpeg4: 'MPEG-4 Part 2',
  mjpeg: 'Motion JPEG',
  aac: 'AAC',
  opus: 'Opus',
  vorbis: 'Vorbis',
  mp3: 'MP3',
  flac: 'FLAC',
  alac: 'ALAC',
  pcm_s16le: 'PCM',
  pcm_s24le: 'PCM',
  pcm_f32le: 'PCM',
  pcm_mulaw: 'G.711 μ-law',
  pcm_alaw: 'G.711 A-law',
};

/** ffmpeg's codec id (`h264`) as its common name (`H.264`); an unknown id is shown upper-cased. */
export function codecName(codec: string | null): string | null {
  if (!codec) return null;
  return CODECS[codec.toLowerCase()] ?? codec.toUpperCase();
}

export const unplayableCodes = ['no_decodable_stream', 'zero_duration', 'unreadable', 'source_failed'] as const;
export type UnplayableCode = (typeof unplayableCodes)[number];

/**
 * An unplayable reason is a stable code, optionally followed by `: ` and ffmpeg's own detail
 * (`no_decodable_stream: Invalid data found…`). Reasons written before the codes existed are
 * free English text: they have no known code, and all of the text becomes the detail.
 */
export function parseUnplayableReason(reason: string | null): { code: UnplayableCode | null; detail: string | null } {
  if (!reason?.trim()) return { code: null, detail: null };
  const colon = reason.indexOf(':');
  const head = (colon === -1 ? reason : reason.slice(0, colon)).trim();
  if ((unplayableCodes as readonly string[]).includes(head)) {
    const detail = colon === -1 ? '' : reason.slice(colon + 1).trim();
    return { code: head as UnplayableCode, detail: detail || null };
  }
  return { code: null, detail: reason.trim() };
}
