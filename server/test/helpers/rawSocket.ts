import WebSocket from 'ws';

/** A plain `ws` client socket (no y-websocket provider): the test sends exactly the bytes it means. */
export interface RawConnection {
  socket: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

const openSockets: WebSocket[] = [];

export function rawConnect(url: string, headers: Record<string, string> = {}): RawConnection {
  const socket = new WebSocket(url, { headers });
  openSockets.push(socket);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('error', reject);
  });
  return { socket, opened, closed };
}

/** Cuts every socket `rawConnect` opened (after each test). */
export function terminateRawSockets(): void {
  for (const socket of openSockets.splice(0)) socket.terminate();
}
