// The barista's counter screen: every open order in three columns, New (ORDERED), In progress (ACCEPTED) and Ready
// (READY), oldest first, with the step each column takes: Accept or Reject, Ready or Reject, Picked up. Orders arrive,
// move and leave over the stream (stream.js): a step taken at any counter shows on every screen at once. Each ticket
// shows how long the order has waited, amber past AMBER_MINUTES and red past RED_MINUTES.

import { formatTime, onLangChange, t } from './i18n.js';
import { ApiError, problemMessage, request } from './api.js';
import { ConnectionState, OrderBook, OrderStream } from './stream.js';
import { announce, el, setupPage } from './page.js';
import { drinkName, loadMenu } from './menu.js';

const HIGHLIGHT_MS = 4000;
const AMBER_MINUTES = 5;
const RED_MINUTES = 10;
const OPEN = ['ORDERED', 'ACCEPTED', 'READY'];
const byId = (id) => document.getElementById(id);

const columns = { ORDERED: byId('col-new'), ACCEPTED: byId('col-progress'), READY: byId('col-ready') };
const counts = { ORDERED: byId('count-new'), ACCEPTED: byId('count-progress'), READY: byId('count-ready') };
const queueEmpty = byId('queue-empty');
const queueCount = byId('queue-count');
const queueMessage = byId('queue-message');
const queueError = byId('queue-error');
const connection = byId('connection');
const connectionText = byId('connection-text');
const heading = byId('queue-heading');

const queue = new OrderBook((order) => OPEN.includes(order.status));
/** orderId → {ticket, status}: a re-render keeps elements (and highlights) in place. */
const tickets = new Map();
let stream = null;
let connectionState = ConnectionState.CONNECTING;
let firstSnapshot = true;
let lastMessage = null;

function oldestFirst(a, b) {
  return (Date.parse(a.placedAt) - Date.parse(b.placedAt)) || (a.orderNumber - b.orderNumber);
}

function optionsText(options) {
  if (!options) {
    return '';
  }
  const parts = [];
  if (options.size) parts.push(t(`option.size.${options.size}`));
  if (options.temperature) parts.push(t(`option.temperature.${options.temperature}`));
  if (options.extraShots) parts.push(t('option.extraShots.n', { n: options.extraShots }));
  if (options.milk && options.milk !== 'REGULAR') parts.push(t(`option.milk.${options.milk}`));
  if (options.syrup && options.syrup !== 'NONE') parts.push(t(`option.syrup.${options.syrup}`));
  return parts.join(' · ');
}

/** Minutes since the order was placed, and how urgent that is. */
function waited(order) {
  const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(order.placedAt)) / 60000));
  return { minutes, level: minutes >= RED_MINUTES ? 'red' : minutes >= AMBER_MINUTES ? 'amber' : 'ok' };
}

function stepButton(order, step, key) {
  return el('button', {
    type: 'button', class: step, 'aria-label': t(`queue.${key}Label`, { number: order.orderNumber }),
    onclick: (event) => takeStep(order, step, event.currentTarget),
  }, t(`queue.${key}`));
}

function rejectControls(order) {
  const reason = el('input', {
    type: 'text', class: 'reason', maxlength: 200, value: t('queue.rejectDefault'),
    'aria-label': t('queue.rejectPrompt', { number: order.orderNumber }),
  });
  const form = el('span', { class: 'reject-form', hidden: true }, reason,
    el('button', {
      type: 'button', class: 'danger confirm-reject', 'aria-label': t('queue.rejectLabel', { number: order.orderNumber }),
      onclick: (event) => takeStep(order, 'reject', event.currentTarget, { reason: reason.value.trim() }),
    }, t('queue.reject')));
  const open = el('button', {
    type: 'button', class: 'secondary reject', 'aria-label': t('queue.rejectLabel', { number: order.orderNumber }),
    onclick: () => {
      form.hidden = false;
      open.hidden = true;
      reason.focus();
      reason.select();
    },
  }, t('queue.reject'));
  return [open, form];
}

function ticketContent(order) {
  const wait = waited(order);
  const actions = order.status === 'ORDERED' ? [stepButton(order, 'accept', 'accept'), ...rejectControls(order)]
    : order.status === 'ACCEPTED' ? [stepButton(order, 'ready', 'ready'), ...rejectControls(order)]
      : [stepButton(order, 'picked-up', 'pickedUp')];
  return [
    el('span', { class: 'number', text: `#${order.orderNumber}` }),
    el('span', { class: 'meta' },
      el('span', { text: order.memberName ? t('queue.by', { name: order.memberName }) : '' }),
      el('time', { datetime: order.placedAt, text: formatTime(order.placedAt) }),
      el('span', { class: `waited ${wait.level}`, dataset: { level: wait.level },
        text: t('queue.waited', { minutes: wait.minutes }) })),
    el('ul', {}, ...(order.items ?? []).map((item) => el('li', {},
      `${drinkName(item.menuCode, item.name)} × ${item.quantity}`,
      item.options ? el('small', { class: 'options', text: ` ${optionsText(item.options)}` }) : null))),
    el('span', { class: 'actions' }, ...actions),
  ];
}

function createTicket(order, highlight) {
  const ticket = el('li', {
    class: highlight ? 'ticket is-new' : 'ticket',
    dataset: { orderId: order.orderId, orderNumber: order.orderNumber, status: order.status },
    'aria-label': t('orders.number', { number: order.orderNumber }),
  }, ...ticketContent(order));
  if (highlight) {
    setTimeout(() => ticket.classList.remove('is-new'), HIGHLIGHT_MS);
  }
  return ticket;
}

/** Brings the three columns in line with the queue, touching only what changed. */
function render({ highlight = new Set(), relabel = false } = {}) {
  const orders = queue.sorted(oldestFirst);
  const wanted = new Map(orders.map((order) => [order.orderId, order]));
  let focusNext = null;
  for (const [orderId, entry] of tickets) {
    if (!wanted.has(orderId)) {
      if (entry.ticket.contains(document.activeElement)) {
        focusNext = entry.ticket.nextElementSibling ?? entry.ticket.previousElementSibling;
      }
      entry.ticket.remove();
      tickets.delete(orderId);
    }
  }
  const index = { ORDERED: 0, ACCEPTED: 0, READY: 0 };
  for (const order of orders) {
    let entry = tickets.get(order.orderId);
    if (!entry) {
      entry = { ticket: createTicket(order, highlight.has(order.orderId)), status: order.status };
      tickets.set(order.orderId, entry);
    } else if (relabel || entry.status !== order.status) {
      const editing = entry.ticket.querySelector('.reject-form:not([hidden])');
      if (!editing || entry.status !== order.status) {
        entry.ticket.setAttribute('aria-label', t('orders.number', { number: order.orderNumber }));
        entry.ticket.dataset.status = order.status;
        entry.ticket.replaceChildren(...ticketContent(order));
        entry.status = order.status;
      }
    }
    const column = columns[order.status];
    const position = index[order.status]++;
    if (column.children[position] !== entry.ticket) {
      column.insertBefore(entry.ticket, column.children[position] ?? null);
    }
  }
  if (focusNext) {
    (focusNext.querySelector('button') ?? heading).focus();
  }
  for (const status of OPEN) {
    counts[status].textContent = String(index[status]);
  }
  queueEmpty.hidden = orders.length > 0;
  queueCount.textContent = t('queue.count', { count: index.ORDERED });
}

/** The waiting times move on by themselves. */
function refreshWaits() {
  for (const [orderId, entry] of tickets) {
    const order = queue.get(orderId);
    const badge = entry.ticket.querySelector('.waited');
    if (order && badge) {
      const wait = waited(order);
      badge.className = `waited ${wait.level}`;
      badge.dataset.level = wait.level;
      badge.textContent = t('queue.waited', { minutes: wait.minutes });
    }
  }
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

const NEXT = { accept: 'ACCEPTED', ready: 'READY', 'picked-up': 'PICKED_UP', reject: 'REJECTED' };

async function takeStep(order, step, button, body) {
  button.disabled = true;
  queueError.textContent = '';
  try {
    await request('POST', `/api/orders/${encodeURIComponent(order.orderId)}/${step}`, body ? { body } : {});
    // The stream confirms it on every screen; this one moves the ticket at once.
    const known = queue.get(order.orderId);
    if (known && known.status === order.status) {
      if (OPEN.includes(NEXT[step])) {
        queue.apply({ ...known, status: NEXT[step] });
      } else {
        queue.remove(order.orderId);
      }
    }
    render();
    say('queue.moved', { number: order.orderNumber, status: t(`status.${NEXT[step]}`) });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 409 || e.status === 404)) {
      // Another counter took this step a moment ago: the stream brings where the order is now.
      say('queue.goneAlready', { number: order.orderNumber });
      button.disabled = false;
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

setInterval(refreshWaits, 15000);

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
