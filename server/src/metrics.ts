import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app instance (a registry of its own, so tests can build many apps). */
export interface Metrics {
  registry: Registry;
  openConnections: Gauge;
  openRooms: Gauge;
  messagesReceived: Counter;
  refusedConnections: Counter<'reason'>;
}

export function createMetrics(openRoomCount: () => number): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    openConnections: new Gauge({
      name: 'board_websocket_connections',
      help: 'Open Yjs WebSocket connections',
      registers: [registry],
    }),
    openRooms: new Gauge({
      name: 'board_rooms_open',
      help: 'Rooms loaded in memory on this node',
      registers: [registry],
      collect() {
        this.set(openRoomCount());
      },
    }),
    messagesReceived: new Counter({
      name: 'board_websocket_messages_received_total',
      help: 'Binary messages received on Yjs WebSockets',
      registers: [registry],
    }),
    refusedConnections: new Counter({
      name: 'board_websocket_connections_refused_total',
      help: 'WebSocket connections and socket.io sessions refused by a limit',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}
