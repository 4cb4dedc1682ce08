// The dashboard's wiring. It signs in with the demo's dev token (an admin's, so it sees every order),
// places orders through POST /api/v1/orders, follows every order live over the WebSocket (the one in
// view from its first change), and asks the admin API every few seconds how the system is doing.
import { Api, DASHBOARD_CUSTOMER } from './api.js';
import { byId } from './dom.js';
import { LiveOrders } from './live.js';
import { drawBreakers, drawDeadLetters, drawInvariants, drawOrders, drawProducts, drawSaga, drawStats, drawSwitches } from './panels.js';
import { SagaView } from './saga-view.js';

const POLL_MS = 2_000;
const RECENT_ORDERS = 12;
const TOKEN_KEY = 'eventshop-dashboard-token';
const ENDED = new Set(['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);

class Dashboard {
  constructor(token) {
    this.api = new Api(token);
    /** Recent orders by id, the newest last. */
    this.orders = new Map();
    this.view = undefined;
    this.payment = undefined;
    this.live = new LiveOrders(token, {
      onChange: (change) => this.changed(change),
      onState: (state) => {
        const pill = byId('connection');
        pill.dataset.state = state;
        pill.textContent = state === 'live' ? 'live' : 'reconnecting…';
      },
    });
  }

  async start() {
    this.live.followAll();
    byId('order-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.placeOrder(event.target);
    });
    const [mine] = await Promise.all([this.api.get(`/api/v1/customers/${DASHBOARD_CUSTOMER}/orders?limit=${RECENT_ORDERS}`), this.refreshSwitches()]);
    for (const order of mine.orders.reverse()) this.remember(order);
    this.drawOrders();
    await this.poll();
    setInterval(() => void this.poll(), POLL_MS);
  }

  async placeOrder(form) {
    const items = [...form.querySelectorAll('input[type=number]')]
      .map((input) => ({ sku: input.closest('tr').dataset.sku, quantity: Number(input.value) }))
      .filter((item) => item.quantity > 0);
    if (items.length === 0) return this.say('Pick a quantity of at least one product.', true);
    const body = {
      customerId: DASHBOARD_CUSTOMER,
      items,
      payment: { token: form.elements.token.value },
      shippingAddress: { name: 'Dashboard visitor', line1: '1 Demo Street', city: 'Berlin', postalCode: '10115', country: form.elements.country.value },
    };
    byId('place').disabled = true;
    try {
      const accepted = await this.api.post('/api/v1/orders', body, { 'idempotency-key': idempotencyKey() });
      this.say(`Order ${accepted.orderId} accepted: its saga runs now.`);
      this.remember({ orderId: accepted.orderId, customerId: DASHBOARD_CUSTOMER, status: 'PENDING' });
      this.drawOrders();
      await this.select(accepted.orderId, accepted.consistencyToken);
    } catch (error) {
      this.say(error.message, true);
    } finally {
      byId('place').disabled = false;
    }
  }

  /** Shows one order: what the read side knows now, then its changes live (from its first). */
  async select(orderId, consistencyToken) {
    if (this.view) this.live.unfollow(this.view.orderId);
    this.view = new SagaView(orderId);
    this.payment = undefined;
    this.live.follow(orderId);
    this.drawOrders();
    await this.refreshOrder(orderId, consistencyToken);
  }

  async refreshOrder(orderId, consistencyToken) {
    const query = consistencyToken ? `?consistencyToken=${encodeURIComponent(consistencyToken)}` : '';
    const answer = await this.api.get(`/api/v1/orders/${encodeURIComponent(orderId)}${query}`);
    this.remember(answer.order);
    this.drawOrders();
    if (this.view?.orderId !== orderId) return;
    this.view.add({ status: answer.order.status });
    for (const entry of answer.timeline) this.view.add({ entry });
    this.payment = answer.order.payment;
    drawSaga(this.view, this.payment);
  }

  changed(change) {
    const known = this.orders.get(change.orderId);
    this.remember({ ...known, orderId: change.orderId, customerId: change.customerId ?? known?.customerId, status: change.status ?? known?.status });
    this.drawOrders();
    // An order that ended: read it whole once (its total, and who charged it).
    if (change.status && ENDED.has(change.status)) void this.refreshOrder(change.orderId).catch(() => undefined);
    if (this.view?.orderId !== change.orderId) return;
    this.view.add(change);
    drawSaga(this.view, this.payment);
  }

  remember(order) {
    this.orders.delete(order.orderId);
    this.orders.set(order.orderId, { ...this.orders.get(order.orderId), ...order });
    while (this.orders.size > RECENT_ORDERS) this.orders.delete(this.orders.keys().next().value);
  }

  drawOrders() {
    drawOrders([...this.orders.values()].reverse(), this.view?.orderId, (orderId) => void this.select(orderId));
  }

  async refreshSwitches() {
    const { providers } = await this.api.get('/api/v1/admin/faults');
    drawSwitches(providers, (provider, switches) => void this.flip(provider, switches));
  }

  async flip(provider, switches) {
    try {
      await this.api.put(`/api/v1/admin/faults/${provider}`, switches);
      this.say(`${provider}: ${describe(switches)}.`);
    } catch (error) {
      this.say(error.message, true);
    }
    await this.refreshSwitches();
  }

  /** Every panel that shows how the system is doing, each on its own (one failing leaves the rest). */
  async poll() {
    const panels = [
      ['/api/v1/products', (answer) => this.drawProductsOnce(answer.products)],
      ['/api/v1/admin/breakers', (answer) => drawBreakers(answer.services)],
      ['/api/v1/admin/invariants', drawInvariants],
      ['/api/v1/stats', drawStats],
      ['/api/v1/admin/dead-letters', drawDeadLetters],
    ];
    await Promise.all(panels.map(([path, draw]) => this.api.get(path).then(draw, () => undefined)));
  }

  /** Products are drawn when they change, so that quantities being typed are not reset. */
  drawProductsOnce(products) {
    const shown = [...document.querySelectorAll('#products tr')].map((row) => row.dataset.sku).join();
    if (shown !== products.map((p) => p.sku).join()) return drawProducts(products);
    for (const product of products) {
      const row = document.querySelector(`#products tr[data-sku="${CSS.escape(product.sku)}"]`);
      row.children[2].textContent = String(product.available);
    }
  }

  say(text, isError = false) {
    const message = byId('order-message');
    message.textContent = text;
    message.classList.toggle('error', isError);
  }
}

function describe(switches) {
  const on = [switches.outage && 'outage', switches.latencyMs > 0 && `+${switches.latencyMs} ms`, switches.refuseAll && 'refusing bookings'].filter(Boolean);
  return on.length ? on.join(', ') : 'working normally';
}

const idempotencyKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

async function signIn() {
  // A fresh demo token first (each demo start signs with a new secret); else a token pasted earlier.
  const token = (await Api.devToken()) ?? sessionStorage.getItem(TOKEN_KEY);
  if (token) return token;
  byId('sign-in').hidden = false;
  return new Promise((resolve) =>
    byId('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const pasted = byId('token-input').value.trim();
      sessionStorage.setItem(TOKEN_KEY, pasted);
      byId('sign-in').hidden = true;
      resolve(pasted);
    }),
  );
}

void signIn().then((token) => new Dashboard(token).start());
