import { useEffect, useRef } from 'react';
import { useExposureHeartbeat } from '../api/me';

export const HEARTBEAT_MS = 15_000;
/** The API takes at most two minutes of play per heartbeat. */
const MAX_PER_HEARTBEAT = 120_000;

/**
 * Wall-clock time the media actually played (not buffered, not paused), at any speed: what the
 * reviewer was exposed to. Pure, so the arithmetic is tested apart from the media element.
 */
export class PlayedTimeMeter {
  private since: number | null = null;
  private pending = 0;

  start(now: number): void {
    if (this.since === null) this.since = now;
  }

  stop(now: number): void {
    if (this.since === null) return;
    this.pending += Math.max(0, now - this.since);
    this.since = null;
  }

  /** Everything played until `now`, in chunks the API accepts; the meter keeps running if it was. */
  take(now: number): number[] {
    const running = this.since !== null;
    this.stop(now);
    if (running) this.start(now);
    const whole = Math.floor(this.pending);
    this.pending -= whole;
    const chunks: number[] = [];
    for (let left = whole; left >= 1; left -= MAX_PER_HEARTBEAT) chunks.push(Math.min(left, MAX_PER_HEARTBEAT));
    return chunks;
  }
}

/**
 * Sends `POST /api/me/exposure` while the media plays: every 15 s, on pause or end, when the tab
 * is hidden and when the page is left. The server adds it to today's minutes by severity.
 */
export function useExposureMeter(element: HTMLMediaElement | null, recordingId: string | null) {
  const heartbeat = useExposureHeartbeat();
  const send = useRef(heartbeat.mutate);
  useEffect(() => {
    send.current = heartbeat.mutate;
  });

  useEffect(() => {
    if (!element || !recordingId) return;
    const meter = new PlayedTimeMeter();
    const flush = () => {
      for (const playedMs of meter.take(Date.now())) send.current({ recordingId, playedMs });
    };
    const onPlaying = () => meter.start(Date.now());
    const onStopped = () => {
      meter.stop(Date.now());
      flush();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    if (!element.paused) meter.start(Date.now());
    element.addEventListener('playing', onPlaying);
    for (const name of ['pause', 'ended', 'waiting', 'emptied']) element.addEventListener(name, onStopped);
    document.addEventListener('visibilitychange', onVisibility);
    const interval = window.setInterval(flush, HEARTBEAT_MS);
    return () => {
      window.clearInterval(interval);
      element.removeEventListener('playing', onPlaying);
      for (const name of ['pause', 'ended', 'waiting', 'emptied']) element.removeEventListener(name, onStopped);
      document.removeEventListener('visibilitychange', onVisibility);
      meter.stop(Date.now());
      flush();
    };
  }, [element, recordingId]);
}
