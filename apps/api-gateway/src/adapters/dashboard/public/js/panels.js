// The dashboard's panels, each drawn whole from one answer of the public API (they are small): the
// catalogue, the saga of the order in view, recent orders, fault switches, breakers, invariants,
// saga statistics and dead letters.
import { byId, clock, el, money } from './dom.js';
import { SagaView } from './saga-view.js';

export function drawProducts(products) {
  byId('products').replaceChildren(
    ...products.map((p) =>
      el(
        'tr',
        { 'data-sku': p.sku },
        el('td', {}, p.name ?? p.sku),
        el('td', {}, money(p.priceCents)),
        el('td', {}, String(p.available)),
        el('td', {}, el('input', { type: 'number', min: 0, max: 100, value: 0, name: `qty-${p.sku}`, 'aria-label': `quantity of ${p.sku}` })),
      ),
    ),
  );
}

export function drawSaga(view, payment) {
  byId('saga-order').textContent = `— ${view.orderId}`;
  const status = byId('order-status');
  status.textContent = view.status ?? 'PENDING';
  status.dataset.status = view.status ?? 'PENDING';
  byId('payment-provider').textContent = payment?.status === 'charged' && payment.provider ? `charged by ${payment.provider}` : '';
  const failure = [...view.entries.values()].find((e) => e.kind === 'OrderCompensated' || e.kind === 'OrderCompensationFailed');
  byId('failure-reason').textContent = failure?.reason ? `— ${failure.reason}` : '';
  byId('steps').replaceChildren(
    ...view
      .steps()
      .map((s) =>
        el(
          'li',
          { 'data-step': s.step, 'data-state': s.state, title: s.reason ?? '' },
          el('b', {}, s.label),
          el('small', {}, s.state === 'waiting' ? 'waiting' : `${s.state}${s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}`),
        ),
      ),
  );
  const timeline = byId('timeline');
  timeline.replaceChildren(
    ...view
      .timeline()
      .map((e) =>
        el(
          'li',
          { 'data-tone': SagaView.toneOf(e), 'data-kind': e.kind },
          el('time', {}, clock(e.at)),
          el('span', { className: 'source' }, e.source),
          el(
            'span',
            { className: 'what' },
            `${e.kind}${e.step ? ` ${e.step}` : ''}${e.attempt > 1 ? ` #${e.attempt}` : ''}${e.reason ? ` — ${e.reason}` : ''}`,
          ),
        ),
      ),
  );
  timeline.scrollTop = timeline.scrollHeight; // the newest entry in view
}

export function drawOrders(orders, selectedId, onPick) {
  byId('orders').replaceChildren(
    ...orders.map((o) => {
      const row = el(
        'tr',
        { 'data-order': o.orderId, 'aria-selected': o.orderId === selectedId ? 'true' : 'false' },
        el('td', {}, el('code', {}, o.orderId.slice(0, 8))),
        el('td', {}, o.customerId ?? '—'),
        el('td', {}, money(o.totalCents)),
        el('td', {}, el('span', { className: 'status', 'data-status': o.status ?? 'PENDING' }, o.status ?? 'PENDING')),
      );
      row.addEventListener('click', () => onPick(o.orderId));
      return row;
    }),
  );
}

const LATENCIES = [0, 1_000, 4_000];

export function drawSwitches(providers, onFlip) {
  if (providers.length === 0) return;
  byId('switches').replaceChildren(
    ...providers.map(({ provider, kind, switches }) => {
      const flip = (change) => onFlip(provider, { ...switches, ...change });
      const outage = el('input', { type: 'checkbox', checked: switches.outage, 'data-switch': `${provider}-outage` });
      outage.addEventListener('change', () => flip({ outage: outage.checked }));
      const latency = el(
        'select',
        { 'data-switch': `${provider}-latency`, 'aria-label': `${provider} latency` },
        ...LATENCIES.map((ms) => el('option', { value: ms, selected: ms === switches.latencyMs }, ms === 0 ? 'no delay' : `+${ms / 1000} s`)),
      );
      latency.addEventListener('change', () => flip({ latencyMs: Number(latency.value) }));
      const controls = [el('label', {}, outage, ' outage'), latency];
      if (kind === 'carrier') {
        const refuse = el('input', { type: 'checkbox', checked: switches.refuseAll, 'data-switch': `${provider}-refuse` });
        refuse.addEventListener('change', () => flip({ refuseAll: refuse.checked }));
        controls.push(el('label', {}, refuse, ' refuse bookings'));
      }
      return el('div', { className: 'switch' }, el('b', {}, provider), el('div', { className: 'controls' }, ...controls));
    }),
  );
}

export function drawBreakers(services) {
  byId('breakers').replaceChildren(
    ...services.flatMap(({ service, breakers, unavailable }) =>
      unavailable
        ? [el('li', {}, el('span', {}, service), el('span', { className: 'state', 'data-state': 'open' }, 'not answering'))]
        : breakers.map((b) =>
            el(
              'li',
              { 'data-breaker': b.name },
              el(
                'span',
                {},
                b.name,
                el(
                  'div',
                  { className: 'detail' },
                  `${b.calls} calls · ${Math.round(b.failureRate)}% failed · ${Math.round(b.slowCallRate)}% slow${b.reason ? ` · ${b.reason}` : ''}`,
                ),
              ),
              el('span', { className: 'state', 'data-state': b.state }, b.state),
            ),
          ),
    ),
  );
}

export function drawInvariants(answer) {
  byId('invariants').replaceChildren(
    ...answer.checks.map((check) =>
      el(
        'li',
        { className: 'invariant', 'data-invariant': check.name, 'data-holds': String(check.holds) },
        el(
          'div',
          { className: 'row' },
          el('span', { className: 'state', 'data-state': check.holds ? 'holds' : 'broken' }, check.holds ? '✓ holds' : `✗ ${check.breaches} broken`),
          ' ',
          el('span', {}, check.description),
        ),
        check.examples.length ? el('ul', { className: 'examples' }, ...check.examples.map((e) => el('li', {}, e))) : undefined,
      ),
    ),
  );
  const { checked, settling, parked } = answer.orders;
  byId('invariants-note').textContent =
    `${checked} settled orders judged (ended over ${answer.settleMs / 1000} s ago) · ${settling} settling · ${parked} parked · checked ${clock(answer.checkedAt)}`;
}

export function drawStats(stats) {
  const statuses = Object.entries(stats.byStatus);
  byId('stats').replaceChildren(
    el(
      'table',
      {},
      el(
        'tbody',
        {},
        ...statuses.map(([status, n]) =>
          el('tr', {}, el('td', {}, el('span', { className: 'status', 'data-status': status }, status)), el('td', {}, String(n))),
        ),
      ),
    ),
    stats.stepDurations.length
      ? el(
          'table',
          {},
          el('thead', {}, el('tr', {}, el('th', {}, 'step'), el('th', {}, 'answered'), el('th', {}, 'p50'), el('th', {}, 'p95'))),
          el(
            'tbody',
            {},
            ...stats.stepDurations.map((d) =>
              el('tr', {}, el('td', {}, d.step), el('td', {}, String(d.count)), el('td', {}, `${d.p50Ms} ms`), el('td', {}, `${d.p95Ms} ms`)),
            ),
          ),
        )
      : undefined,
    stats.compensationReasons.length
      ? el(
          'ul',
          { className: 'rows' },
          ...stats.compensationReasons.map((r) => el('li', {}, el('span', { className: 'reason' }, r.reason), el('span', {}, `${r.orders}×`))),
        )
      : undefined,
  );
}

export function drawDeadLetters(answer) {
  byId('dead-letters').replaceChildren(
    ...(answer.topics.length === 0
      ? [el('li', {}, el('span', { className: 'muted' }, 'no dead-letter topics yet'))]
      : answer.topics.map((t) =>
          el(
            'li',
            { 'data-topic': t.topic },
            el('span', {}, t.topic),
            el('span', { className: 'state', 'data-state': t.messages > 0 ? 'letters' : 'empty' }, String(t.messages)),
          ),
        )),
  );
}
