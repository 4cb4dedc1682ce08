// Live order changes over the gateway's WebSocket (/api/v1/live): subscriptions are sent again after a
// reconnect, so a gateway restart only pauses the page. Each change arrives as {id, orderId, status?, entry?}.

const RECONNECT_MS = 1_000;

export class LiveOrders {
  constructor(token, { onChange, onState }) {
    this.token = token;
    this.onChange = onChange;
    this.onState = onState;
    this.subscriptions = new Map();
    this.connect();
  }

  /** Every order the caller may see (an admin: all), from now on. */
  followAll() {
    this.subscribe({ mine: true });
  }

  /** One order from its first change: its whole timeline arrives, then what follows. */
  follow(orderId) {
    this.subscribe({ orderId });
  }

  unfollow(orderId) {
    const key = `order:${orderId}`;
    if (!this.subscriptions.delete(key)) return;
    this.sendMessage('unsubscribe', { orderId });
  }

  subscribe(subscription) {
    const key = 'orderId' in subscription ? `order:${subscription.orderId}` : 'mine';
    this.subscriptions.set(key, subscription);
    this.sendMessage('subscribe', subscription);
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.socket = new WebSocket(`${scheme}://${location.host}/api/v1/live?token=${encodeURIComponent(this.token)}`);
    this.socket.addEventListener('open', () => {
      this.onState('live');
      for (const subscription of this.subscriptions.values()) this.sendMessage('subscribe', subscription);
    });
    this.socket.addEventListener('message', (message) => {
      const { event, data } = JSON.parse(message.data);
      if (event === 'order-change') this.onChange(data);
    });
    this.socket.addEventListener('close', () => {
      this.onState('down');
      setTimeout(() => this.connect(), RECONNECT_MS);
    });
  }

  sendMessage(event, data) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ event, data }));
  }
}
