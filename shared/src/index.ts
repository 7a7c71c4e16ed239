export * from './ids.js';
export * from './protocol.js';
export * from './session.js';
export * from './board/schema.js';
export * from './board/geometry.js';
export * from './board/zIndex.js';
export * from './board/operations.js';
export * from './board/strokePath.js';
