import { EraserTool } from './eraserTool';
import { HandTool } from './handTool';
import { PenTool } from './penTool';
import { PlaceTool } from './placeTool';
import { SelectTool } from './selectTool';
import { ShapeTool } from './shapeTool';
import type { Tool } from './tool';
import type { ToolId } from './toolIds';

export function createTool(id: ToolId): Tool {
  switch (id) {
    case 'select':
      return new SelectTool();
    case 'hand':
      return new HandTool();
    case 'pen':
      return new PenTool();
    case 'rect':
    case 'ellipse':
    case 'line':
    case 'arrow':
      return new ShapeTool(id);
    case 'text':
    case 'sticky':
      return new PlaceTool(id);
    case 'eraser':
      return new EraserTool();
  }
}
