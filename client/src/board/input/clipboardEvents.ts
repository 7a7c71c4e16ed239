import type { Point } from '@idea-board/shared';
import type { BoardEditor } from '../edit/editor.svelte';
import { isTypingTarget } from './shortcuts';

/** Whether the page has selected text of its own (then copy is about that text, not the board). */
function hasTextSelection(doc: Document): boolean {
  const selection = doc.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
}

/**
 * Ctrl/Cmd+C, X and V on the board through the document's clipboard events:
 * they reach the system clipboard without a permission prompt, so elements go
 * across tabs and boards. Text fields keep their own clipboard behaviour.
 * `pasteTarget` gives the world point to paste at (the pointer, when over the board).
 */
export function attachClipboard(editor: BoardEditor, pasteTarget: () => Point | null, doc: Document = document): () => void {
  const onCopyOrCut = (event: ClipboardEvent): void => {
    if (isTypingTarget(event.target) || hasTextSelection(doc)) return;
    const text = event.type === 'cut' ? editor.cut() : editor.copy();
    if (text === null) return;
    event.preventDefault();
    event.clipboardData?.setData('text/plain', text);
  };
  const onPaste = (event: ClipboardEvent): void => {
    if (isTypingTarget(event.target) || !editor.editable) return;
    event.preventDefault();
    editor.paste(event.clipboardData?.getData('text/plain') ?? null, pasteTarget());
  };
  doc.addEventListener('copy', onCopyOrCut);
  doc.addEventListener('cut', onCopyOrCut);
  doc.addEventListener('paste', onPaste);
  return () => {
    doc.removeEventListener('copy', onCopyOrCut);
    doc.removeEventListener('cut', onCopyOrCut);
    doc.removeEventListener('paste', onPaste);
  };
}

/** Copy for a button (touch users): the async clipboard API, or only the in-tab copy when it is denied. */
export async function copyWithClipboardApi(editor: BoardEditor): Promise<void> {
  const text = editor.copy();
  if (text === null) return;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Denied or unavailable: the in-memory copy (kept by editor.copy) still pastes in this tab.
  }
}

/** Paste for a button: reads the clipboard when allowed, else pastes the in-tab copy. */
export async function pasteWithClipboardApi(editor: BoardEditor, at: Point | null): Promise<void> {
  let text: string | null;
  try {
    text = await navigator.clipboard.readText();
  } catch {
    text = null;
  }
  editor.paste(text, at);
}
