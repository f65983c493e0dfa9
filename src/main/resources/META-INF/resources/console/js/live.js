// A small graphql-transport-ws client for one subscription (docs/feed.md, "The subscription").
// Browsers cannot set headers on a WebSocket, so the token goes in connection_init's payload, never in
// the URL. When the connection drops it reconnects with growing pauses (1 s, 2 s, 4 s ... 30 s), resuming
// `after` the id of the last change received, so that no change is missed or repeated.

const PROTOCOL = 'graphql-transport-ws';
const MAX_BACKOFF_MS = 30_000;

export function socketUrl() {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/graphql`;
}

/**
 * Follows a subscription whose variables take `after`.
 *  - query, variables: the subscription document and its variables (without `after`);
 *  - after: where to start (null: from now on);
 *  - field: the subscription's root field, read from each `next`;
 *  - onEvent(item), onStatus(state, detail), onError(error, fatal), onUnauthenticated().
 * States: 'connecting', 'live', 'waiting' (reconnecting later), 'closed'.
 */
export class LiveSubscription {
  constructor({ token, query, variables, after = null, field, onEvent, onStatus, onError, onUnauthenticated }) {
    Object.assign(this, { token, query, variables, after, field, onEvent, onStatus, onError, onUnauthenticated });
    this.socket = null;
    this.stopped = false;
    this.attempt = 0;
    this.retryTimer = null;
  }

  start() {
    this.stopped = false;
    this.connect();
    return this;
  }

  /** Closes the socket for good (leaving the page). */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.socket) this.socket.close(1000, 'Leaving the page');
    this.socket = null;
    this.onStatus?.('closed');
  }

  connect() {
    this.onStatus?.('connecting');
    let socket;
    try {
      socket = new WebSocket(socketUrl(), PROTOCOL);
    } catch {
      this.retryLater();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${this.token}` } }));
    });
    socket.addEventListener('message', (event) => this.receive(socket, event.data));
    socket.addEventListener('close', (event) => this.closed(socket, event));
  }

  receive(socket, text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    switch (message.type) {
      case 'connection_ack':
        this.attempt = 0;
        socket.send(JSON.stringify({
          id: '1', type: 'subscribe', payload: { query: this.query, variables: { ...this.variables, after: this.after } },
        }));
        this.onStatus?.('live');
        break;
      case 'ping':
        socket.send(JSON.stringify({ type: 'pong' }));
        break;
      case 'next': {
        const item = message.payload?.data?.[this.field];
        if (item) {
          this.after = item.id;
          this.onEvent?.(item);
        } else if (message.payload?.errors?.length) {
          // the event that ends a subscription the service refused (keys, after) or cannot go on with
          this.fail(message.payload.errors[0]);
        }
        break;
      }
      case 'error':
        this.fail(Array.isArray(message.payload) ? message.payload[0] : message.payload);
        break;
      case 'complete':
        if (!this.stopped) {
          // the service ended it (e.g. the database was gone too long): follow again from where we are
          socket.close(1000, 'Subscription completed');
        }
        break;
      default:
        break;
    }
  }

  fail(error) {
    const code = error?.extensions?.code;
    // a refused request stays refused; unavailability passes
    const fatal = code === 'BAD_USER_INPUT' || code === 'FORBIDDEN' || code === 'NOT_FOUND';
    this.onError?.(error, fatal);
    if (fatal) this.stop();
  }

  closed(socket, event) {
    if (socket !== this.socket || this.stopped) return;
    this.socket = null;
    if (event.code === 4401 || event.code === 4403) {
      // no token, an invalid or an expired one: reconnecting cannot help
      this.stopped = true;
      this.onStatus?.('closed', 'The token is not valid any more.');
      this.onUnauthenticated?.();
      return;
    }
    this.retryLater(event.code === 1013 ? 'The console fell behind the changes' : null);
  }

  retryLater(reason = null) {
    if (this.stopped) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt);
    this.attempt += 1;
    this.onStatus?.('waiting', { seconds: Math.round(delay / 1000), reason });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
