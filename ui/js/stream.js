// The live order stream (Server-Sent Events from query-service through the gateway).
//
// EventSource cannot send an Authorization header, and a token must never travel in a URL: the gateway turns the
// HttpOnly session cookie set at sign-in into a bearer token for this GET. The server sends
//   event: snapshot  data: {"orders":[...]}   the orders this viewer sees (at connect, or after a view rebuild)
//   event: order     data: {...one order...}  one order's new state
// each with an id (the change-log position) and heartbeat comments every 15 s.
//
// Reconnecting: when a running stream drops, EventSource itself reconnects and sends Last-Event-ID, so the server
// replays only the missed changes. When the reconnect is refused (the gateway answers 503 while query-service is
// down, say) EventSource gives up for good; we then open a new one with back-off. A new EventSource cannot send
// Last-Event-ID, so the server answers with a snapshot, which replaces the list: nothing is missed or doubled.

export const ConnectionState = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  OFFLINE: 'offline',
  CLOSED: 'closed',
});

const MAX_BACKOFF_MS = 15000;

export class OrderStream {
  /**
   * @param {object} handlers onSnapshot(orders), onOrder(order), onState(state), onUnauthorized()
   */
  constructor({ url = '/api/orders/stream', onSnapshot, onOrder, onState, onUnauthorized }) {
    this.url = url;
    this.handlers = { onSnapshot, onOrder, onState, onUnauthorized };
    this.source = null;
    this.state = ConnectionState.CLOSED;
    this.attempts = 0;
    this.retryTimer = null;
    this.lastEventId = null;
    this.onOnline = () => {
      if (this.state === ConnectionState.OFFLINE || this.state === ConnectionState.RECONNECTING) {
        this.reconnectNow();
      }
    };
    this.onOffline = () => {
      if (this.state !== ConnectionState.CLOSED) {
        this.setState(ConnectionState.OFFLINE);
      }
    };
  }

  open() {
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.connect(ConnectionState.CONNECTING);
    return this;
  }

  /** Stops for good (sign-out, page leaving). */
  close() {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    clearTimeout(this.retryTimer);
    this.discardSource();
    this.setState(ConnectionState.CLOSED);
  }

  /**
   * Drops the current connection as a network failure would, and lets the normal reconnect logic bring it back.
   * For tests and for trying the recovery by hand (window.__brewStream.drop()).
   */
  drop() {
    if (this.state === ConnectionState.CLOSED) {
      return;
    }
    this.discardSource();
    this.scheduleReconnect();
  }

  reconnectNow() {
    clearTimeout(this.retryTimer);
    this.discardSource();
    this.connect(ConnectionState.RECONNECTING);
  }

  connect(state) {
    this.setState(navigator.onLine === false ? ConnectionState.OFFLINE : state);
    const source = new EventSource(this.url);
    this.source = source;
    source.addEventListener('open', () => {
      if (this.source === source) {
        this.attempts = 0;
        this.setState(ConnectionState.CONNECTED);
      }
    });
    source.addEventListener('snapshot', (event) => {
      this.lastEventId = event.lastEventId;
      const data = parse(event.data);
      if (data && Array.isArray(data.orders)) {
        this.handlers.onSnapshot?.(data.orders);
      }
    });
    source.addEventListener('order', (event) => {
      this.lastEventId = event.lastEventId;
      const order = parse(event.data);
      if (order?.orderId) {
        this.handlers.onOrder?.(order);
      }
    });
    source.addEventListener('error', () => {
      if (this.source !== source) {
        return;
      }
      if (source.readyState === EventSource.CONNECTING) {
        // EventSource retries by itself, with Last-Event-ID.
        this.setState(navigator.onLine === false ? ConnectionState.OFFLINE : ConnectionState.RECONNECTING);
      } else {
        this.discardSource();
        this.recover();
      }
    });
  }

  /** EventSource gave up: find out whether the session is over; otherwise try again later. */
  async recover() {
    this.setState(navigator.onLine === false ? ConnectionState.OFFLINE : ConnectionState.RECONNECTING);
    const status = await this.probe();
    if (this.state === ConnectionState.CLOSED) {
      return;
    }
    if (status === 401) {
      this.close();
      this.handlers.onUnauthorized?.();
      return;
    }
    this.scheduleReconnect();
  }

  /** The status the stream URL answers now (headers only; the body is not read), 0 if unreachable. */
  async probe() {
    const abort = new AbortController();
    try {
      const response = await fetch(this.url, {
        headers: { Accept: 'text/event-stream' }, credentials: 'same-origin', cache: 'no-store', signal: abort.signal,
      });
      return response.status;
    } catch {
      return 0;
    } finally {
      abort.abort();
    }
  }

  scheduleReconnect() {
    clearTimeout(this.retryTimer);
    this.setState(navigator.onLine === false ? ConnectionState.OFFLINE : ConnectionState.RECONNECTING);
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts);
    this.attempts += 1;
    const delay = base / 2 + Math.random() * (base / 2);
    this.retryTimer = setTimeout(() => this.connect(ConnectionState.RECONNECTING), delay);
  }

  discardSource() {
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.handlers.onState?.(state);
    }
  }
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/**
 * The orders a screen shows, merged from snapshots and single updates without duplicates: keyed by orderId, and an
 * update older than what is shown (lower lastSequence, e.g. replayed after a reconnect) is ignored.
 */
export class OrderBook {
  /** @param keep which orders belong on this screen (the barista queue keeps ORDERED ones only) */
  constructor(keep = () => true) {
    this.keep = keep;
    this.orders = new Map();
  }

  /** Replaces everything; returns the orders that were not shown before. */
  replace(orders) {
    const previous = this.orders;
    this.orders = new Map();
    const added = [];
    for (const order of orders) {
      if (this.keep(order)) {
        this.orders.set(order.orderId, order);
        if (!previous.has(order.orderId)) {
          added.push(order);
        }
      }
    }
    return { added, previous };
  }

  /** Applies one order's new state: 'added', 'updated', 'removed' or 'ignored' (stale or not for this screen). */
  apply(order) {
    const known = this.orders.get(order.orderId);
    if (known && (known.lastSequence ?? 0) > (order.lastSequence ?? 0)) {
      return { change: 'ignored', previous: known };
    }
    if (!this.keep(order)) {
      if (known) {
        this.orders.delete(order.orderId);
        return { change: 'removed', previous: known };
      }
      return { change: 'ignored', previous: null };
    }
    this.orders.set(order.orderId, order);
    return { change: known ? 'updated' : 'added', previous: known ?? null };
  }

  remove(orderId) {
    return this.orders.delete(orderId);
  }

  get(orderId) {
    return this.orders.get(orderId);
  }

  get size() {
    return this.orders.size;
  }

  sorted(compare) {
    return [...this.orders.values()].sort(compare);
  }
}
