import type { Attachment } from 'svelte/attachments';
import type * as Y from 'yjs';
import { transformPosition } from './textDiff';

/**
 * Binds a textarea to a Y.Text both ways: local input goes to `write` (which
 * applies it as the smallest splice with this person's origin); remote
 * changes replace the value and move the caret and selection by the change,
 * so someone else's typing never makes the caret jump.
 */
export function bindTextarea(text: Y.Text, write: (next: string) => void): Attachment<HTMLTextAreaElement> {
  return (textarea) => {
    const initial = text.toString();
    if (textarea.value !== initial) textarea.value = initial;

    const onInput = (): void => {
      write(textarea.value);
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
