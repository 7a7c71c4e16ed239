export * from './ids.js';
export * from './protocol.js';
export * from './session.js';
