// The customer page: menu, cart, ordering with an idempotency key, and "my orders" live over Server-Sent Events.

import { formatPrice, formatTime, onLangChange, t } from './i18n.js';
import { ApiError, problemMessage, request } from './api.js';
import { ConnectionState, OrderBook, OrderStream } from './stream.js';
import { announce, el, setupPage } from './page.js';
import { drinkName, iconUrl, loadMenu, menuItem, otherName } from './menu.js';

const MAX_QUANTITY = 20;
const byId = (id) => document.getElementById(id);

const menuList = byId('menu');
const menuStatus = byId('menu-status');
const cartLines = byId('cart-lines');
const cartEmpty = byId('cart-empty');
const cartTotal = byId('cart-total');
const orderButton = byId('order-button');
const orderError = byId('order-error');
const ordersList = byId('orders');
const ordersEmpty = byId('orders-empty');
const orderNotice = byId('order-notice');
const connection = byId('connection');
const connectionText = byId('connection-text');

/** menuCode → quantity, in the order the drinks were added. */
const cart = new Map();
/** The key of the last order attempt that did not get an answer, and the cart it was for: a retry reuses it. */
let pendingAttempt = null;
let ordering = false;
const orders = new OrderBook();
let stream = null;
let connectionState = ConnectionState.CONNECTING;
let lastNotice = null;

// ---- menu ----

async function showMenu() {
  try {
    const menu = await loadMenu();
    menuStatus.hidden = true;
    renderMenu(menu);
    renderCart();
    renderOrders();
  } catch (e) {
    menuStatus.hidden = false;
    menuStatus.textContent = problemMessage(e);
  }
}

function renderMenu(menu) {
  menuList.replaceChildren(...menu.items.map((item) => {
    const name = drinkName(item.code);
    return el('li', { class: 'menu-item', dataset: { code: item.code } },
      el('img', { src: iconUrl(item.icon), alt: '', width: 56, height: 56 }),
      el('span', { class: 'name', text: name }),
      el('span', { class: 'price' },
        formatPrice(item.price),
        el('span', { class: 'visually-hidden', text: ` · ${otherName(item)}` })),
      el('button', {
        type: 'button', class: 'add', dataset: { code: item.code },
        'aria-label': t('menu.addLabel', { name }),
        onclick: () => addToCart(item.code),
      }, t('menu.add')));
  }));
}

// ---- cart ----

function addToCart(code) {
  const quantity = cart.get(code) ?? 0;
  if (quantity >= MAX_QUANTITY) {
    announce(orderError, t('cart.max', { max: MAX_QUANTITY }));
    return;
  }
  cart.set(code, quantity + 1);
  orderError.textContent = '';
  renderCart();
}

function setQuantity(code, quantity) {
  if (quantity <= 0) {
    cart.delete(code);
  } else {
    cart.set(code, Math.min(MAX_QUANTITY, quantity));
  }
  renderCart();
}

function cartItems() {
  return [...cart.entries()].map(([menuCode, quantity]) => ({ menuCode, quantity }));
}

function cartTotalAmount() {
  let total = 0;
  for (const [code, quantity] of cart) {
    total += (menuItem(code)?.price ?? 0) * quantity;
  }
  return total;
}

function renderCart() {
  const focused = document.activeElement?.dataset?.focusKey;
  cartLines.replaceChildren(...[...cart.entries()].map(([code, quantity]) => {
    const name = drinkName(code);
    const price = menuItem(code)?.price ?? 0;
    return el('li', { class: 'cart-line', dataset: { code } },
      el('span', { class: 'name', text: name }),
      el('span', { class: 'stepper' },
        el('button', {
          type: 'button', class: 'secondary less', 'aria-label': t('cart.less', { name }),
          dataset: { focusKey: `less-${code}` }, disabled: quantity <= 1,
          onclick: () => setQuantity(code, quantity - 1),
        }, '−'),
        el('output', { class: 'quantity', 'aria-label': t('cart.quantity', { name }), text: quantity }),
        el('button', {
          type: 'button', class: 'secondary more', 'aria-label': t('cart.more', { name }),
          dataset: { focusKey: `more-${code}` }, disabled: quantity >= MAX_QUANTITY,
          onclick: () => setQuantity(code, quantity + 1),
        }, '+')),
      el('span', { class: 'line-total', text: formatPrice(price * quantity) }),
      el('button', {
        type: 'button', class: 'danger remove', 'aria-label': t('cart.remove', { name }),
        dataset: { focusKey: `remove-${code}` }, onclick: () => setQuantity(code, 0),
      }, t('cart.removeShort')));
  }));
  // Keep keyboard focus on the stepper button that was pressed (the list is rebuilt).
  if (focused) {
    const again = cartLines.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
    if (again && !again.disabled) {
      again.focus();
    } else if (cart.size === 0 || !again) {
      orderButton.focus();
    } else {
      again.closest('.cart-line')?.querySelector('button:not(:disabled)')?.focus();
    }
  }
  cartEmpty.hidden = cart.size > 0;
  cartTotal.textContent = formatPrice(cartTotalAmount());
  orderButton.disabled = cart.size === 0 || ordering;
  orderButton.textContent = ordering ? t('cart.ordering')
    : (pendingAttempt && pendingAttempt.cart === JSON.stringify(cartItems()) ? t('cart.retry') : t('cart.order'));
}

async function placeOrder() {
  if (cart.size === 0 || ordering) {
    return;
  }
  const items = cartItems();
  const signature = JSON.stringify(items);
  // Same cart after an unanswered attempt: the same key, so the server makes at most one order of it.
  if (!pendingAttempt || pendingAttempt.cart !== signature) {
    pendingAttempt = { key: crypto.randomUUID(), cart: signature };
  }
  ordering = true;
  orderError.textContent = '';
  renderCart();
  try {
    const accepted = await request('POST', '/api/orders', {
      body: { items }, headers: { 'Idempotency-Key': pendingAttempt.key },
    });
    pendingAttempt = null;
    showPlacedOrder(accepted, items);
    cart.clear();
    showNotice('cart.ordered', { number: accepted.orderNumber });
  } catch (e) {
    if (!(e instanceof ApiError) || !e.retryable) {
      // The server answered and refused this cart: a changed cart is a new attempt with a new key.
      pendingAttempt = null;
    }
    announce(orderError, problemMessage(e));
  } finally {
    ordering = false;
    renderCart();
  }
}

/** Shows the order at once from the 202 answer; the stream then brings its real state. */
function showPlacedOrder(accepted, items) {
  if (orders.get(accepted.orderId)) {
    return;
  }
  orders.apply({
    orderId: accepted.orderId,
    orderNumber: accepted.orderNumber,
    status: accepted.status ?? 'ORDERED',
    items: items.map((line) => ({
      menuCode: line.menuCode, name: drinkName(line.menuCode), quantity: line.quantity,
      unitPrice: menuItem(line.menuCode)?.price ?? 0,
    })),
    total: cartTotalAmount(),
    placedAt: new Date().toISOString(),
    lastSequence: -1,
  });
  renderOrders();
}

// ---- my orders ----

function showNotice(key, vars) {
  lastNotice = { key, vars };
  announce(orderNotice, t(key, vars));
}

function noteTransition(previous, order) {
  if (previous?.status === 'ORDERED' && order.status === 'DONE') {
    showNotice('orders.ready', { number: order.orderNumber });
  } else if (previous?.status === 'ORDERED' && order.status === 'CANCELLED') {
    showNotice('orders.cancelled', { number: order.orderNumber });
  }
}

function onSnapshot(list) {
  const { previous } = orders.replace(list);
  // Keep orders we placed that the snapshot does not have yet (the view is a moment behind the command side).
  for (const order of previous.values()) {
    if (order.lastSequence === -1 && !orders.get(order.orderId)) {
      orders.apply(order);
    }
  }
  for (const order of list) {
    noteTransition(previous.get(order.orderId), order);
  }
  renderOrders();
}

function onOrder(order) {
  const { change, previous } = orders.apply(order);
  if (change !== 'ignored') {
    noteTransition(previous, order);
    renderOrders();
  }
}

function newestFirst(a, b) {
  return (Date.parse(b.placedAt) - Date.parse(a.placedAt)) || (b.orderNumber - a.orderNumber);
}

function renderOrders() {
  const list = orders.sorted(newestFirst);
  ordersEmpty.hidden = list.length > 0;
  const focusedOrder = document.activeElement?.closest?.('.order-card')?.dataset.orderId;
  ordersList.replaceChildren(...list.map((order) => el('li', {
    class: 'order-card', dataset: { orderId: order.orderId, orderNumber: order.orderNumber, status: order.status },
  },
  el('div', { class: 'top' },
    el('span', { class: 'number', text: t('orders.number', { number: order.orderNumber }) }),
    el('span', { class: 'badge status', dataset: { status: order.status }, text: t(`status.${order.status}`) })),
  el('ul', {}, ...(order.items ?? []).map((item) => el('li', {},
    `${drinkName(item.menuCode, item.name)} × ${item.quantity}`))),
  el('span', { class: 'muted' },
    `${formatPrice(order.total ?? 0)} · ${t('orders.placedAt', { time: formatTime(order.placedAt) })}`),
  order.status === 'ORDERED' ? el('button', {
    type: 'button', class: 'danger cancel',
    'aria-label': t('orders.cancelLabel', { number: order.orderNumber }),
    onclick: (event) => cancelOrder(order, event.currentTarget),
  }, t('orders.cancel')) : null)));
  if (focusedOrder) {
    ordersList.querySelector(`[data-order-id="${CSS.escape(focusedOrder)}"] button`)?.focus();
  }
}

async function cancelOrder(order, button) {
  button.disabled = true;
  try {
    await request('POST', `/api/orders/${encodeURIComponent(order.orderId)}/cancel`);
    // The stream confirms it; show it at once meanwhile.
    onOrder({ ...order, status: 'CANCELLED', lastSequence: order.lastSequence });
  } catch (e) {
    button.disabled = false;
    announce(orderError, problemMessage(e));
  }
}

// ---- connection ----

function renderConnection() {
  connection.dataset.state = connectionState;
  connectionText.textContent = t(`conn.${connectionState === 'closed' ? 'offline' : connectionState}`);
}

function startStream() {
  stream?.close();
  stream = new OrderStream({
    onSnapshot,
    onOrder,
    onState: (state) => {
      connectionState = state;
      renderConnection();
    },
    onUnauthorized: () => page.expire(),
  });
  // For tests and for trying the recovery by hand.
  window.__brewStream = stream;
  stream.open();
}

// ---- page ----

orderButton.addEventListener('click', placeOrder);

onLangChange(() => {
  if (!document.getElementById('app').hidden) {
    loadMenu().then(renderMenu).catch(() => {});
    renderCart();
    renderOrders();
    renderConnection();
    if (lastNotice) {
      orderNotice.textContent = t(lastNotice.key, lastNotice.vars);
    }
  }
});

const page = setupPage({
  onSignedIn: () => {
    cart.clear();
    orders.replace([]);
    pendingAttempt = null;
    lastNotice = null;
    orderNotice.textContent = '';
    orderError.textContent = '';
    renderConnection();
    renderOrders();
    showMenu();
    startStream();
  },
  onSignedOut: () => {
    stream?.close();
    stream = null;
  },
});
