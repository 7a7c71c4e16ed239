/**
 * Wire-level constants shared by the server and the client: the y-websocket
 * message types, and every WebSocket close code the server uses, in one place.
 */

/** y-websocket message types (first varUint of every binary message). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

/** y-protocols sync sub-types. */
export const SyncMessageType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/** y-protocols auth sub-type: the only one defined. */
export const AUTH_PERMISSION_DENIED = 0;

/** URL paths of the realtime transports. */
export const YJS_PATH_PREFIX = '/yjs';
export const SOCKET_IO_PATH = '/socket.io/';

/**
 * WebSocket close codes. Standard codes where one fits, 44xx for refusals
 * about the room, mirroring the HTTP status a REST call would get.
 */
export const CloseCode = {
  /** Text frame, or a message type the protocol does not have. */
  unsupportedData: 1003,
  /** A message that does not decode, or an update that does not apply. */
  invalidPayload: 1007,
  /** One incoming message over the size limit. */
  messageTooBig: 1009,
  internalError: 1011,
  /** The server is shutting down: reconnect (possibly to another node). */
  serviceRestart: 1012,
  /** Too many connections from this address or in this room. */
  tryAgainLater: 1013,
  /** The id in the URL does not fit the id rules. */
  invalidRoomId: 4400,
  /** The room was deleted or its link revoked while connected. */
  forbidden: 4403,
  /** No room has this id. */
  unknownRoom: 4404,
  /** The client stopped reading: its outgoing buffer passed the limit. */
  slowConsumer: 4408,
  /** The update would grow the document past its size limit. */
  documentTooLarge: 4413,
  /** The connection sent messages faster than allowed. */
  rateLimited: 4429,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Roles a connection can hold in a room. */
export type Role = 'editor' | 'viewer';
