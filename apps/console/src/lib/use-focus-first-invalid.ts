import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

const CONTROL = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled])';

/**
 * After a refused submit, moves focus to the first field marked aria-invalid inside `form`, once
 * the errors have rendered (so a screen reader reads the field together with its message). A
 * fieldset marked invalid hands focus to its first control.
 */
export function useFocusFirstInvalid(form: RefObject<HTMLElement | null>): () => void {
  const [request, setRequest] = useState(0);
  const handled = useRef(0);

  useEffect(() => {
    if (request === handled.current) return;
    handled.current = request;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!invalid) return;
    const target = invalid.matches(CONTROL) ? invalid : (invalid.querySelector<HTMLElement>(CONTROL) ?? invalid);
    target.focus();
  }, [request, form]);

  return useCallback(() => setRequest((n) => n + 1), []);
}
