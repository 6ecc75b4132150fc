export { MediaToolError, type MediaToolErrorCode, type MediaLogger, type MediaProblem } from './errors.ts';
export { runFfmpeg, resolveFfmpegPath, type FfmpegOptions, type FfmpegResult, type FfmpegRun } from './ffmpeg-process.ts';
export { withMediaInput, type MediaInput, type InputFfmpegOptions, type RangeSource, type LoopbackOptions } from './media-input.ts';
export { probeMedia, type ProbeOptions } from './probe.ts';
export type { MediaInfo } from './probe-parse.ts';
export { checkDecodes, type DecodeCheck, type DecodeCheckOptions } from './decode-check.ts';
export { thumbnailStrip, type ThumbnailStrip, type ThumbnailStripInfo, type ThumbnailStripOptions } from './thumbnails.ts';
export {
  COPY_START_TOLERANCE_MS,
  availableEncoders,
  copyableCodecs,
  cutClip,
  planClip,
  videoCopyStartOffset,
  type ClipCut,
  type ClipMode,
  type ClipPlan,
  type ClipSourceInfo,
} from './clip-cutter.ts';
