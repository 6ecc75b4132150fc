import { afterEach, beforeEach } from 'vitest';

/**
 * jsdom has media elements but no playback: play() is "not implemented" and `paused` never
 * changes. This gives them the state and events a browser would (play, playing, pause), so the
 * player's controls, keys and exposure heartbeats can be tested. Installed per test file.
 */
export function useMediaPlaybackStub() {
  const proto = HTMLMediaElement.prototype;
  const original = {
    play: proto.play,
    pause: proto.pause,
    paused: Object.getOwnPropertyDescriptor(proto, 'paused'),
  };
  const paused = new WeakMap<HTMLMediaElement, boolean>();

  beforeEach(() => {
    Object.defineProperty(proto, 'paused', {
      configurable: true,
      get(this: HTMLMediaElement) {
        return paused.get(this) ?? true;
      },
    });
    proto.play = function play(this: HTMLMediaElement) {
      if (paused.get(this) === false) return Promise.resolve();
      paused.set(this, false);
      this.dispatchEvent(new Event('play'));
      this.dispatchEvent(new Event('playing'));
      return Promise.resolve();
    };
    proto.pause = function pause(this: HTMLMediaElement) {
      if (paused.get(this) === false) {
        paused.set(this, true);
        this.dispatchEvent(new Event('pause'));
      }
    };
  });

  afterEach(() => {
    proto.play = original.play;
    proto.pause = original.pause;
    if (original.paused) Object.defineProperty(proto, 'paused', original.paused);
  });
}
