import type { Attachment } from 'svelte/attachments';
import type * as Y from 'yjs';
import { replaceText } from './operations';
import { transformPosition } from './textDiff';

/**
 * Binds a textarea to a Y.Text both ways: local input becomes the smallest
 * splice in one transaction with `origin`; remote changes replace the value
 * and move the caret and selection by the change, so typing is not disturbed.
 */
export function bindTextarea(text: Y.Text, origin: unknown): Attachment<HTMLTextAreaElement> {
  return (textarea) => {
    const initial = text.toString();
    if (textarea.value !== initial) textarea.value = initial;

    const onInput = (): void => {
      replaceText(text, origin, textarea.value);
    };

    const onTextChange = (event: Y.YTextEvent): void => {
      const next = text.toString();
      // Our own input already shows; only changes made elsewhere need the caret moved.
      if (textarea.value === next) return;
      const focused = textarea.ownerDocument.activeElement === textarea;
      const start = transformPosition(textarea.selectionStart, event.delta);
      const end = transformPosition(textarea.selectionEnd, event.delta);
      textarea.value = next;
      if (focused) textarea.setSelectionRange(start, end);
    };

    textarea.addEventListener('input', onInput);
    text.observe(onTextChange);
    return () => {
      textarea.removeEventListener('input', onInput);
      text.unobserve(onTextChange);
    };
  };
}
