/** The tools of the toolbar, their names and shortcuts. */
export const TOOL_IDS = ['select', 'hand', 'pen', 'rect', 'ellipse', 'line', 'arrow', 'text', 'sticky', 'eraser'] as const;
export type ToolId = (typeof TOOL_IDS)[number];

export interface ToolInfo {
  id: ToolId;
  /** The accessible name (and tooltip). */
  label: string;
  /** Keys that pick the tool (lower case), first one shown. */
  keys: readonly string[];
  /** Whether the tool changes the board (absent for viewers). */
  edits: boolean;
}

export const TOOLS: readonly ToolInfo[] = [
  { id: 'select', label: 'Select', keys: ['v'], edits: false },
  { id: 'hand', label: 'Hand (pan)', keys: ['h'], edits: false },
  { id: 'pen', label: 'Pen', keys: ['p'], edits: true },
  { id: 'rect', label: 'Rectangle', keys: ['r'], edits: true },
  { id: 'ellipse', label: 'Ellipse', keys: ['o'], edits: true },
  { id: 'line', label: 'Line', keys: ['l'], edits: true },
  { id: 'arrow', label: 'Arrow', keys: ['a'], edits: true },
  { id: 'text', label: 'Text', keys: ['t'], edits: true },
  { id: 'sticky', label: 'Sticky note', keys: ['s', 'n'], edits: true },
  { id: 'eraser', label: 'Eraser', keys: ['e'], edits: true },
];

export function toolForKey(key: string): ToolId | null {
  const lower = key.toLowerCase();
  return TOOLS.find((tool) => tool.keys.includes(lower))?.id ?? null;
}

export function toolInfo(id: ToolId): ToolInfo {
  return TOOLS.find((tool) => tool.id === id) ?? TOOLS[0]!;
}
