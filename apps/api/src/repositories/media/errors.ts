/**
 * Every failure of the media layer surfaces as one typed error so that callers can map it to
 * an HTTP answer (unreadable input is the uploader's fault; timeouts and crashes are ours)
 * without parsing ffmpeg's wording.
 */
/** 'source_failed': the input could not be fetched (a transient fault of ours, worth a retry). */
export type MediaToolErrorCode = 'timeout' | 'aborted' | 'failed' | 'unreadable' | 'source_failed';

/** What is wrong with media that ffmpeg cannot use ('unreadable'): the media's fault, not ours. */
export type MediaProblem = 'unrecognised_format' | 'no_media_stream' | 'no_video_stream' | 'undecodable_video';

export class MediaToolError extends Error {
  override readonly name = 'MediaToolError';
  readonly code: MediaToolErrorCode;
  /** Last part of ffmpeg's stderr, for logs only. */
  readonly stderrTail: string;
  /** Set on 'unreadable' errors: which way the media is unusable. */
  readonly problem: MediaProblem | null;

  constructor(code: MediaToolErrorCode, message: string, stderrTail = '', options?: { cause?: unknown; problem?: MediaProblem }) {
    super(message, options);
    this.code = code;
    this.stderrTail = stderrTail;
    this.problem = options?.problem ?? null;
  }
}

/** Structural subset of pino's Logger, so tests and callers can pass anything that logs. */
export interface MediaLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}
