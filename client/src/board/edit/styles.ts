import { DEFAULT_STICKY_FILL, DEFAULT_STROKE, DEFAULT_STROKE_WIDTH } from '@idea-board/shared';

/** Style for new elements (and what the style panel applies to a selection). */
export interface StyleValues {
  stroke: string;
  /** 'none' for unfilled shapes. */
  fill: string;
  strokeWidth: number;
  /** The colour of new sticky notes. */
  stickyFill: string;
}

export const STROKE_COLORS = [
  { value: DEFAULT_STROKE, name: 'Black' },
  { value: '#e03131', name: 'Red' },
  { value: '#2f9e44', name: 'Green' },
  { value: '#1971c2', name: 'Blue' },
  { value: '#f08c00', name: 'Orange' },
  { value: '#9c36b5', name: 'Purple' },
] as const;

export const FILL_COLORS = [
  { value: 'none', name: 'No fill' },
  { value: '#ffc9c9', name: 'Light red' },
  { value: '#b2f2bb', name: 'Light green' },
  { value: '#a5d8ff', name: 'Light blue' },
  { value: '#ffec99', name: 'Light yellow' },
  { value: '#e9ecef', name: 'Light grey' },
] as const;

export const STICKY_COLORS = [
  { value: DEFAULT_STICKY_FILL, name: 'Yellow' },
  { value: '#fcc2d7', name: 'Pink' },
  { value: '#a5d8ff', name: 'Blue' },
  { value: '#b2f2bb', name: 'Green' },
  { value: '#ffd8a8', name: 'Orange' },
  { value: '#d0bfff', name: 'Lavender' },
] as const;

export const STROKE_WIDTHS = [
  { value: 1, name: 'Thin' },
  { value: DEFAULT_STROKE_WIDTH, name: 'Regular' },
  { value: 4, name: 'Bold' },
  { value: 8, name: 'Extra bold' },
] as const;

export const DEFAULT_STYLE: StyleValues = {
  stroke: DEFAULT_STROKE,
  fill: 'none',
  strokeWidth: DEFAULT_STROKE_WIDTH,
  stickyFill: DEFAULT_STICKY_FILL,
};

/** Default sizes of placed elements (world units). */
export const STICKY_SIZE = { w: 200, h: 160 } as const;
export const TEXT_WIDTH = 280;
export const DEFAULT_SHAPE_SIZE = { w: 160, h: 100 } as const;
export const DEFAULT_LINE_LENGTH = 160;
