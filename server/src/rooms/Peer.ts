/**
 * What a room needs of a connection, whatever carries it: rooms never import
 * the WebSocket library. The transport adapts its socket to this.
 */
export interface Peer {
  /** Queues bytes for the client. */
  send(data: Uint8Array): void;
  /** Closes with a close code and a short reason. */
  close(code: number, reason: string): void;
  /** Bytes queued for the client and not yet written to the network. */
  readonly bufferedAmount: number;
}
