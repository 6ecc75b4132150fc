import { useEffect, useState } from 'react';

const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * The current time, refreshed every `intervalMs` and once more right after `deadline`
 * (so that something expiring at `deadline` disappears on time, not up to a tick later).
 */
export function useNow(intervalMs: number, deadline?: number): number {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick(); // a new deadline (e.g. a fresh grant) must not be judged by an old clock
    const interval = window.setInterval(tick, intervalMs);
    let timeout: number | undefined;
    if (deadline !== undefined && Number.isFinite(deadline)) {
      const delay = deadline - Date.now();
      if (delay >= 0) timeout = window.setTimeout(tick, Math.min(delay + 20, MAX_TIMEOUT));
    }
    return () => {
      window.clearInterval(interval);
      if (timeout !== undefined) window.clearTimeout(timeout);
    };
  }, [intervalMs, deadline]);

  return now;
}
