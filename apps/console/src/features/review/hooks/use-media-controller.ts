import { useCallback, useEffect, useState } from 'react';

export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;
export const SKIP_MS = 5_000;
/** The DTO carries no frame rate; calls are recorded at 30 fps, so one step is 1/30 s. */
export const FRAME_MS = 1000 / 30;

export interface MediaState {
  currentMs: number;
  /** From the media once known, else the recording's probed duration. */
  durationMs: number | null;
  paused: boolean;
  rate: number;
}

export interface MediaController {
  /** Give this to the <video>/<audio> element's ref. */
  ref: (element: HTMLMediaElement | null) => void;
  element: HTMLMediaElement | null;
  state: MediaState;
  togglePlay: () => void;
  pause: () => void;
  seek: (ms: number) => void;
  skip: (deltaMs: number) => void;
  step: (frames: number) => void;
  setRate: (rate: number) => void;
  changeRate: (direction: 1 | -1) => void;
}

function clampMs(ms: number, durationMs: number | null): number {
  const upper = durationMs ?? Number.POSITIVE_INFINITY;
  return Math.min(Math.max(0, ms), upper);
}

function startPlaying(media: HTMLMediaElement) {
  // play() rejects when the browser refuses (autoplay rules, media gone); the paused state stays right.
  const result = media.play() as Promise<void> | undefined;
  result?.catch(() => undefined);
}

/** One media element driven from buttons and keys, with its state mirrored for the UI. */
export function useMediaController(probedDurationMs: number | null, { muted }: { muted: boolean }): MediaController {
  const [element, setElement] = useState<HTMLMediaElement | null>(null);
  const [rate, setRateState] = useState(1);
  const [state, setState] = useState<Omit<MediaState, 'rate' | 'durationMs'> & { mediaDurationMs: number | null }>({
    currentMs: 0,
    paused: true,
    mediaDurationMs: null,
  });
  const ref = useCallback((node: HTMLMediaElement | null) => setElement(node), []);

  useEffect(() => {
    if (!element) return;
    const sync = () =>
      setState({
        currentMs: element.currentTime * 1000,
        paused: element.paused,
        mediaDurationMs: Number.isFinite(element.duration) ? element.duration * 1000 : null,
      });
    const events = ['timeupdate', 'play', 'pause', 'playing', 'seeked', 'seeking', 'durationchange', 'loadedmetadata', 'ended', 'emptied'];
    for (const name of events) element.addEventListener(name, sync);
    sync();
    return () => {
      for (const name of events) element.removeEventListener(name, sync);
    };
  }, [element]);

  // The element may be replaced (a new grant); it keeps the chosen speed and the mute.
  useEffect(() => {
    if (element) element.playbackRate = rate;
  }, [element, rate]);
  useEffect(() => {
    if (element) element.muted = muted;
  }, [element, muted]);

  const durationMs = state.mediaDurationMs ?? probedDurationMs;

  const seek = useCallback(
    (ms: number) => {
      if (!element) return;
      element.currentTime = clampMs(ms, durationMs) / 1000;
      setState((s) => ({ ...s, currentMs: element.currentTime * 1000 }));
    },
    [element, durationMs],
  );

  const togglePlay = useCallback(() => {
    if (!element) return;
    if (element.paused) startPlaying(element);
    else element.pause();
  }, [element]);

  const pause = useCallback(() => element?.pause(), [element]);

  const skip = useCallback((deltaMs: number) => element && seek(element.currentTime * 1000 + deltaMs), [element, seek]);

  const step = useCallback(
    (frames: number) => {
      if (!element) return;
      element.pause();
      seek(element.currentTime * 1000 + frames * FRAME_MS);
    },
    [element, seek],
  );

  const setRate = useCallback((next: number) => setRateState(next), []);
  const changeRate = useCallback((direction: 1 | -1) => {
    setRateState((current) => {
      const index = PLAYBACK_RATES.findIndex((r) => r >= current);
      const at = index === -1 ? PLAYBACK_RATES.length - 1 : index;
      return PLAYBACK_RATES[Math.min(PLAYBACK_RATES.length - 1, Math.max(0, at + direction))]!;
    });
  }, []);

  return {
    ref,
    element,
    state: { currentMs: state.currentMs, paused: state.paused, durationMs, rate },
    togglePlay,
    pause,
    seek,
    skip,
    step,
    setRate,
    changeRate,
  };
}
