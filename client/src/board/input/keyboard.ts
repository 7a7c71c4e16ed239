import type { BoardEditor } from '../edit/editor.svelte';
import { commandForKey, isTypingTarget } from './shortcuts';

function isButtonLike(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'BUTTON' || target.tagName === 'A' || target.getAttribute('role') === 'button');
}

/**
 * Board shortcuts on the window: tools, undo/redo, editing, zoom, space-drag.
 * Keys typed into text fields, and Enter/Space on buttons and links, are left alone.
 * Returns the detach function.
 */
export function attachKeyboard(editor: BoardEditor, target: Window = window): () => void {
  const onKeydown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || isTypingTarget(event.target) || event.isComposing) return;
    if (event.key === ' ') {
      if (isButtonLike(event.target)) return;
      event.preventDefault();
      if (!event.repeat) editor.spaceHeld = true;
      return;
    }
    if (event.key === 'Enter' && isButtonLike(event.target)) return;
    const command = commandForKey(event);
    if (!command) return;
    event.preventDefault();
    editor.run(command);
  };
  const onKeyup = (event: KeyboardEvent): void => {
    if (event.key === ' ') editor.spaceHeld = false;
  };
  const onBlur = (): void => {
    editor.spaceHeld = false;
  };
  target.addEventListener('keydown', onKeydown);
  target.addEventListener('keyup', onKeyup);
  target.addEventListener('blur', onBlur);
  return () => {
    target.removeEventListener('keydown', onKeydown);
    target.removeEventListener('keyup', onKeyup);
    target.removeEventListener('blur', onBlur);
  };
}
