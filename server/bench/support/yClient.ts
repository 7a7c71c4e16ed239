import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

/** A stock y-websocket client, as any third-party program would use against a server. */
export interface YClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export function connectClient(serverUrl: string, roomId: string, options: { connect?: boolean } = {}): YClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, roomId, doc, {
    // ws implements the browser WebSocket API that y-websocket expects
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    // providers in one process would otherwise exchange updates through lib0's
    // BroadcastChannel and bypass the server
    disableBc: true,
    maxBackoffTime: 500,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
