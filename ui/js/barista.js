// The barista's counter screen: the live queue of ORDERED orders, oldest first, with a Complete button each.
// Orders arrive and leave over the stream (stream.js); an order completed or cancelled anywhere leaves every screen.

import { formatTime, onLangChange, t } from './i18n.js';
import { ApiError, problemMessage, request } from './api.js';
import { ConnectionState, OrderBook, OrderStream } from './stream.js';
import { announce, el, setupPage } from './page.js';
import { drinkName, loadMenu } from './menu.js';

const HIGHLIGHT_MS = 4000;
const byId = (id) => document.getElementById(id);

const queueList = byId('queue');
const queueEmpty = byId('queue-empty');
const queueCount = byId('queue-count');
const queueMessage = byId('queue-message');
const queueError = byId('queue-error');
const connection = byId('connection');
const connectionText = byId('connection-text');
const heading = byId('queue-heading');

const queue = new OrderBook((order) => order.status === 'ORDERED');
/** orderId → its ticket element, so a re-render keeps elements (and focus and highlights) in place. */
const tickets = new Map();
let stream = null;
let connectionState = ConnectionState.CONNECTING;
let firstSnapshot = true;
let lastMessage = null;

function oldestFirst(a, b) {
  return (Date.parse(a.placedAt) - Date.parse(b.placedAt)) || (a.orderNumber - b.orderNumber);
}

function ticketContent(order) {
  return [
    el('span', { class: 'number', text: `#${order.orderNumber}` }),
    el('span', { class: 'meta' },
      el('span', { text: order.memberName ? t('queue.by', { name: order.memberName }) : '' }),
      el('time', { datetime: order.placedAt, text: formatTime(order.placedAt) })),
    el('ul', {}, ...(order.items ?? []).map((item) => el('li', {},
      `${drinkName(item.menuCode, item.name)} × ${item.quantity}`))),
    el('button', {
      type: 'button', class: 'complete', 'aria-label': t('queue.completeLabel', { number: order.orderNumber }),
      onclick: (event) => complete(order, event.currentTarget),
    }, t('queue.complete')),
  ];
}

function createTicket(order, highlight) {
  const ticket = el('li', {
    class: highlight ? 'ticket is-new' : 'ticket',
    dataset: { orderId: order.orderId, orderNumber: order.orderNumber },
    'aria-label': t('orders.number', { number: order.orderNumber }),
  }, ...ticketContent(order));
  if (highlight) {
    setTimeout(() => ticket.classList.remove('is-new'), HIGHLIGHT_MS);
  }
  return ticket;
}

/** Brings the list in line with the queue, touching only what changed. */
function render({ highlight = new Set(), relabel = false } = {}) {
  const orders = queue.sorted(oldestFirst);
  const wanted = new Set(orders.map((order) => order.orderId));
  let focusNext = null;
  for (const [orderId, ticket] of tickets) {
    if (!wanted.has(orderId)) {
      if (ticket.contains(document.activeElement)) {
        focusNext = ticket.nextElementSibling ?? ticket.previousElementSibling;
      }
      ticket.remove();
      tickets.delete(orderId);
    }
  }
  orders.forEach((order, index) => {
    let ticket = tickets.get(order.orderId);
    if (!ticket) {
      ticket = createTicket(order, highlight.has(order.orderId));
      tickets.set(order.orderId, ticket);
    } else if (relabel) {
      ticket.setAttribute('aria-label', t('orders.number', { number: order.orderNumber }));
      ticket.replaceChildren(...ticketContent(order));
    }
    if (queueList.children[index] !== ticket) {
      queueList.insertBefore(ticket, queueList.children[index] ?? null);
    }
  });
  if (focusNext) {
    (focusNext.querySelector('button') ?? heading).focus();
  }
  queueEmpty.hidden = orders.length > 0;
  queueCount.textContent = t('queue.count', { count: orders.length });
}

function onSnapshot(orders) {
  const { added } = queue.replace(orders);
  // The first list is just the queue as it is; later snapshots (after a reconnect) highlight what is new.
  const highlight = firstSnapshot ? new Set() : new Set(added.map((order) => order.orderId));
  firstSnapshot = false;
  render({ highlight });
}

function onOrder(order) {
  const { change } = queue.apply(order);
  if (change === 'added') {
    render({ highlight: new Set([order.orderId]) });
    say('queue.new', { number: order.orderNumber });
  } else if (change !== 'ignored') {
    render();
  }
}

function say(key, vars) {
  lastMessage = { key, vars };
  announce(queueMessage, t(key, vars));
}

async function complete(order, button) {
  button.disabled = true;
  queueError.textContent = '';
  try {
    await request('POST', `/api/orders/${encodeURIComponent(order.orderId)}/complete`);
    queue.remove(order.orderId);
    render();
    say('queue.completed', { number: order.orderNumber });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 409 || e.status === 404)) {
      // Completed or cancelled elsewhere a moment ago: it is not waiting any more.
      queue.remove(order.orderId);
      render();
      say('queue.goneAlready', { number: order.orderNumber });
    } else {
      button.disabled = false;
      announce(queueError, problemMessage(e));
    }
  }
}

function renderConnection() {
  connection.dataset.state = connectionState;
  connectionText.textContent = t(`conn.${connectionState === 'closed' ? 'offline' : connectionState}`);
}

onLangChange(() => {
  renderConnection();
  render({ relabel: true });
  if (lastMessage) {
    queueMessage.textContent = t(lastMessage.key, lastMessage.vars);
  }
});

const page = setupPage({
  requiredRole: 'BARISTA',
  onSignedIn: () => {
    firstSnapshot = true;
    queue.replace([]);
    render();
    connection.hidden = false;
    renderConnection();
    // Korean names for the tickets; the queue shows the names stored with the order until the menu is here.
    loadMenu().then(() => render({ relabel: true })).catch(() => {});
    stream = new OrderStream({
      onSnapshot,
      onOrder,
      onState: (state) => {
        connectionState = state;
        renderConnection();
      },
      onUnauthorized: () => page.expire(),
    });
    window.__brewStream = stream;
    stream.open();
  },
  onSignedOut: () => {
    stream?.close();
    stream = null;
    connection.hidden = true;
  },
});
