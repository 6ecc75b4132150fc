import type { UserEvent } from '@testing-library/user-event';

/**
 * Types `text` into `field` as one paste (a single input event): typing key by key re-renders
 * the form once per character, which makes long form tests slow on a busy machine.
 */
export async function fill(user: UserEvent, field: HTMLElement, text: string): Promise<void> {
  await user.click(field);
  await user.paste(text);
}
