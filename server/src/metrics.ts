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
  // The event-loop lag histogram samples on a timer. prom-client's default (10 ms) woke an idle
  // server about 200 times a second, 0.5% of a core spent on measuring; every 100 ms still
  // catches each stall of 100 ms or more.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
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
