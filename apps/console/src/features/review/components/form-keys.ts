import type { KeyboardEvent } from 'react';

/** Ctrl+Enter (⌘+Enter on a Mac) submits a dialog's form from any field, even a textarea. */
export function submitOnCtrlEnter(submit: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };
}
