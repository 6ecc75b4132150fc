export { MediaToolError, type MediaToolErrorCode, type MediaLogger } from './errors.ts';
export { runFfmpeg, resolveFfmpegPath, type FfmpegOptions, type FfmpegResult, type FfmpegRun } from './ffmpeg-process.ts';
export { startLoopbackSource, type RangeSource, type LoopbackSource, type LoopbackOptions } from './loopback-source.ts';
export { probeMedia, type ProbeOptions } from './probe.ts';
export type { MediaInfo } from './probe-parse.ts';
export { thumbnailStrip, type ThumbnailStrip, type ThumbnailStripInfo, type ThumbnailStripOptions } from './thumbnails.ts';
