import { useEffect, useRef } from 'react';

export interface Shortcut {
  down: (event: KeyboardEvent) => void;
  /** For press-and-hold keys (reveal): called when the key is let go. */
  up?: () => void;
  /** Let a held key repeat (skipping, frame steps); off by default. */
  repeat?: boolean;
}

/** Keyed by `KeyboardEvent.key` (' ' for space, 'ArrowLeft', '?', 'R' with Shift…). */
export type ShortcutMap = Partial<Record<string, Shortcut>>;

const TEXT_INPUTS = new Set([
  'text',
  'search',
  'email',
  'password',
  'number',
  'url',
  'tel',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
]);

/** Where a key belongs to the element: typing in a field, or choosing in a list. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUTS.has(target.type) || target.type === '';
  return false;
}

/** Space, Enter and the arrows already mean something on buttons, links, radios and sliders. */
function ownsNavigationKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement || target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) return true;
  const role = target.getAttribute('role');
  return role === 'slider' || role === 'tab' || role === 'button' || role === 'checkbox' || target.tagName === 'SUMMARY';
}

const NAVIGATION_KEYS = new Set([' ', 'Enter', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

function modalOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

/**
 * Page-wide single-key shortcuts. They never act while someone types in a field, while a dialog
 * is open (the dialog owns the keyboard), with Ctrl/Alt/Meta held, or on keys the focused
 * control already uses (space on a button, arrows on the timeline slider).
 */
export function useShortcuts(map: ShortcutMap, { enabled = true }: { enabled?: boolean } = {}) {
  const mapRef = useRef(map);
  useEffect(() => {
    mapRef.current = map;
  });

  useEffect(() => {
    if (!enabled) return;
    const held = new Map<string, Shortcut>();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || modalOpen()) return;
      if (NAVIGATION_KEYS.has(event.key) && ownsNavigationKeys(event.target)) return;
      const shortcut = mapRef.current[event.key];
      if (!shortcut) return;
      event.preventDefault();
      if (event.repeat && !shortcut.repeat) return;
      if (shortcut.up) held.set(event.key.toLowerCase(), shortcut);
      shortcut.down(event);
    };
    const onKeyUp = (event: KeyboardEvent) => {
      const shortcut = held.get(event.key.toLowerCase());
      if (!shortcut) return;
      held.delete(event.key.toLowerCase());
      shortcut.up?.();
    };
    // A key let go while the window had no focus never sends keyup: end every hold on blur.
    const onBlur = () => {
      for (const shortcut of held.values()) shortcut.up?.();
      held.clear();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
      onBlur();
    };
  }, [enabled]);
}
