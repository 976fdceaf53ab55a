// The customer page: menu, cart, ordering with an idempotency key, and "my orders" live over Server-Sent Events.

import { formatPrice, formatTime, onLangChange, t } from './i18n.js';
import { ApiError, problemMessage, request } from './api.js';
import { ConnectionState, OrderBook, OrderStream } from './stream.js';
import { announce, el, setupPage } from './page.js';
import {
  defaultOptions, drinkName, iconUrl, loadMenu, menuItem, optionFields, otherName, unitPrice,
} from './menu.js';

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
const loyaltyStatus = byId('loyalty-status');
const stampCard = byId('stamp-card');
const stampProgress = byId('stamp-progress');
const stampDots = byId('stamp-dots');
const rewardList = byId('rewards');
const suggestions = byId('suggestions');
const suggestionList = byId('suggestion-list');
const cartReward = byId('cart-reward');
const cartDiscount = byId('cart-discount');

/** line key (drink and options) → {menuCode, options, quantity}, in the order the lines were added. */
const cart = new Map();
/** menuCode → the options picked on its menu card, before it is added. */
const picked = new Map();
/** The key of the last order attempt that did not get an answer, and the cart it was for: a retry reuses it. */
let pendingAttempt = null;
let ordering = false;
const orders = new OrderBook();
let stream = null;
let connectionState = ConnectionState.CONNECTING;
let lastNotice = null;
/** The member's stamp card (GET /api/loyalty/me), the reward chosen for the next order, and suggestions. */
let card = null;
let appliedReward = null;
let recommendations = null;

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
    if (!picked.has(item.code)) {
      picked.set(item.code, defaultOptions(item));
    }
    const options = picked.get(item.code);
    const price = el('span', { class: 'price' },
      formatPrice(unitPrice(item.code, options)),
      el('span', { class: 'visually-hidden', text: ` · ${otherName(item)}` }));
    const selects = optionFields(item).map(({ field, choices }) => el('label', { class: 'option' },
      el('span', { class: 'visually-hidden', text: t(`option.${field}`) }),
      el('select', {
        name: field, dataset: { field }, 'aria-label': `${name} ${t(`option.${field}`)}`,
        onchange: (event) => {
          const value = event.currentTarget.value;
          options[field] = field === 'extraShots' ? Number(value) : value;
          // The price follows the choice at once.
          price.firstChild.textContent = formatPrice(unitPrice(item.code, options));
        },
      }, ...choices.map((choice) => el('option', {
        value: choice, selected: String(options[field]) === String(choice), text: optionLabel(field, choice),
      })))));
    return el('li', { class: 'menu-item', dataset: { code: item.code } },
      el('img', { src: iconUrl(item.icon), alt: '', width: 56, height: 56 }),
      el('span', { class: 'name', text: name }),
      price,
      selects.length ? el('span', { class: 'options' }, ...selects) : null,
      el('button', {
        type: 'button', class: 'add', dataset: { code: item.code },
        'aria-label': t('menu.addLabel', { name }),
        onclick: () => addToCart(item.code, { ...options }),
      }, t('menu.add')));
  }));
}

function optionLabel(field, value) {
  return field === 'extraShots' ? (Number(value) === 0 ? '0' : t('option.extraShots.n', { n: value }))
    : t(`option.${field}.${value}`);
}

/** How a line's drink is made, in words: "Venti · Iced · +1 shot · Oat". Defaults are left out but the size. */
function optionsText(options) {
  if (!options) {
    return '';
  }
  const parts = [];
  if (options.size) {
    parts.push(optionLabel('size', options.size));
  }
  if (options.temperature) {
    parts.push(optionLabel('temperature', options.temperature));
  }
  if (options.extraShots) {
    parts.push(optionLabel('extraShots', options.extraShots));
  }
  if (options.milk && options.milk !== 'REGULAR') {
    parts.push(optionLabel('milk', options.milk));
  }
  if (options.syrup && options.syrup !== 'NONE') {
    parts.push(optionLabel('syrup', options.syrup));
  }
  return parts.join(' · ');
}

// ---- cart ----

function lineKey(code, options) {
  return `${code} ${JSON.stringify(options ?? defaultOptions(menuItem(code)))}`;
}

function addToCart(code, options = picked.get(code) ?? defaultOptions(menuItem(code)), count = 1) {
  const key = lineKey(code, options);
  const line = cart.get(key) ?? { menuCode: code, options: { ...options }, quantity: 0 };
  if (line.quantity >= MAX_QUANTITY) {
    announce(orderError, t('cart.max', { max: MAX_QUANTITY }));
    return;
  }
  line.quantity = Math.min(MAX_QUANTITY, line.quantity + count);
  cart.set(key, line);
  orderError.textContent = '';
  renderCart();
}

function setQuantity(key, quantity) {
  const line = cart.get(key);
  if (!line) {
    return;
  }
  if (quantity <= 0) {
    cart.delete(key);
  } else {
    line.quantity = Math.min(MAX_QUANTITY, quantity);
  }
  renderCart();
}

function cartItems() {
  return [...cart.values()].map(({ menuCode, options, quantity }) => ({ menuCode, quantity, options }));
}

function cartTotalAmount() {
  let total = 0;
  for (const line of cart.values()) {
    total += unitPrice(line.menuCode, line.options) * line.quantity;
  }
  return total - rewardDiscount();
}

/** What the applied reward takes off, as command-service prices it: the dearest drink, up to the cap. */
function rewardDiscount() {
  if (!appliedReward || cart.size === 0) {
    return 0;
  }
  const dearest = Math.max(...[...cart.values()].map((line) => unitPrice(line.menuCode, line.options)));
  return Math.min(dearest, appliedReward.cap);
}

function renderCart() {
  const focused = document.activeElement?.dataset?.focusKey;
  cartLines.replaceChildren(...[...cart.entries()].map(([key, line]) => {
    const code = key;
    const { quantity } = line;
    const name = drinkName(line.menuCode);
    const price = unitPrice(line.menuCode, line.options);
    return el('li', { class: 'cart-line', dataset: { code: line.menuCode } },
      el('span', { class: 'name' }, name, el('small', { class: 'options', text: optionsText(line.options) })),
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
  cartReward.hidden = rewardDiscount() === 0;
  cartDiscount.textContent = `−${formatPrice(rewardDiscount())}`;
  cartTotal.textContent = formatPrice(cartTotalAmount());
  orderButton.disabled = cart.size === 0 || ordering;
  orderButton.textContent = ordering ? t('cart.ordering')
    : (pendingAttempt && pendingAttempt.cart === attemptSignature() ? t('cart.retry') : t('cart.order'));
}

/** What one order attempt asks for: the same cart and reward after an unanswered attempt reuse its key. */
function attemptSignature() {
  return JSON.stringify({ items: cartItems(), rewardId: appliedReward?.rewardId ?? null });
}

async function placeOrder() {
  if (cart.size === 0 || ordering) {
    return;
  }
  askForNotifications();
  const items = cartItems();
  const rewardId = appliedReward?.rewardId;
  const signature = attemptSignature();
  // Same cart after an unanswered attempt: the same key, so the server makes at most one order of it.
  if (!pendingAttempt || pendingAttempt.cart !== signature) {
    pendingAttempt = { key: crypto.randomUUID(), cart: signature };
  }
  ordering = true;
  orderError.textContent = '';
  renderCart();
  try {
    const accepted = await request('POST', '/api/orders', {
      body: rewardId ? { items, rewardId } : { items }, headers: { 'Idempotency-Key': pendingAttempt.key },
    });
    pendingAttempt = null;
    showPlacedOrder(accepted, items);
    cart.clear();
    appliedReward = null;
    loadLoyalty();
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
      unitPrice: unitPrice(line.menuCode, line.options), options: line.options,
      linePrice: unitPrice(line.menuCode, line.options) * line.quantity,
    })),
    total: cartTotalAmount(),
    placedAt: new Date().toISOString(),
    lastSequence: -1,
  });
  renderOrders();
}

// ---- stamps, rewards and suggestions (loyalty-service; the page works without it) ----

async function loadLoyalty() {
  try {
    [card, recommendations] = await Promise.all([
      request('GET', '/api/loyalty/me'), request('GET', '/api/recommendations')]);
    loyaltyStatus.textContent = card.rewards.some((r) => r.announced && r.state === 'AVAILABLE')
      ? t('loyalty.new') : '';
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      return;
    }
    card = null;
    recommendations = null;
    loyaltyStatus.textContent = t('loyalty.unavailable');
  }
  const stillAvailable = (r) => r.rewardId === appliedReward?.rewardId && r.state === 'AVAILABLE';
  if (appliedReward && !card?.rewards.some(stillAvailable)) {
    appliedReward = null;
  }
  renderLoyalty();
  renderCart();
}

let loyaltyRefreshes = [];

/**
 * A handed-over order brings stamps, a cancelled one gives its reward back: loyalty-service learns it from the same
 * events a moment after this page does, so the card is asked for again a few times.
 */
function refreshLoyaltySoon() {
  loyaltyRefreshes.forEach(clearTimeout);
  loyaltyRefreshes = [1000, 3000, 7000, 15000, 30000].map((delay) => setTimeout(loadLoyalty, delay));
}

function renderLoyalty() {
  stampCard.hidden = !card;
  rewardList.replaceChildren();
  suggestions.hidden = true;
  if (!card) {
    return;
  }
  stampProgress.textContent = t('loyalty.progress',
    { progress: card.progress, per: card.stampsPerReward, stamps: card.stamps });
  stampDots.replaceChildren(...Array.from({ length: card.stampsPerReward },
    (_, i) => el('span', { class: i < card.progress ? 'dot filled' : 'dot' })));
  rewardList.replaceChildren(...card.rewards.map((reward) => {
    const applied = appliedReward?.rewardId === reward.rewardId;
    return el('li', { class: 'reward', dataset: { rewardId: reward.rewardId, state: reward.state } },
      el('span', { text: t('loyalty.reward', { cap: formatPrice(reward.cap) }) }),
      reward.state === 'AVAILABLE'
        ? el('button', {
          type: 'button', class: applied ? 'secondary apply-reward' : 'apply-reward', 'aria-pressed': applied,
          onclick: () => {
            appliedReward = applied ? null : reward;
            renderLoyalty();
            renderCart();
          },
        }, applied ? t('loyalty.applied') : t('loyalty.apply'))
        : el('span', { class: 'muted', text: t('loyalty.reward.held') }));
  }));
  const tips = [];
  if (recommendations?.usual) {
    // "Your usual" is a drink made one way (ADR 0904): one tap adds it with those options.
    tips.push({ code: recommendations.usual.menuCode, key: 'suggest.usual', options: recommendations.usual.options });
  }
  for (const drink of recommendations?.popular ?? []) {
    if (!tips.some((tip) => tip.code === drink.menuCode)) {
      tips.push({ code: drink.menuCode, key: 'suggest.popular' });
    }
  }
  suggestions.hidden = tips.length === 0;
  suggestionList.replaceChildren(...tips.filter((tip) => menuItem(tip.code)).map((tip) => {
    const name = drinkName(tip.code);
    const options = tip.options === undefined ? undefined : usualOptions(tip.code, tip.options);
    const made = options ? optionsText(options) : '';
    return el('li', {}, el('button', {
      type: 'button', class: 'secondary suggestion',
      dataset: { code: tip.code, kind: tip.key === 'suggest.usual' ? 'usual' : 'popular' },
      'aria-label': t('suggest.add', { name: made ? `${name} (${made})` : name }),
      onclick: () => addToCart(tip.code, options),
    }, t(tip.key, { name }), made ? el('small', { class: 'options', text: ` ${made}` }) : null));
  }));
}

/** The usual's options fitted to the drink's menu card: its defaults, with what the usual says where it says it. */
function usualOptions(code, given) {
  const options = defaultOptions(menuItem(code));
  for (const field of Object.keys(options)) {
    if (given?.[field] !== undefined && given?.[field] !== null) {
      options[field] = given[field];
    }
  }
  return options;
}

// ---- my orders ----

function showNotice(key, vars) {
  lastNotice = { key, vars };
  announce(orderNotice, t(key, vars));
}

const FINAL = new Set(['PICKED_UP', 'REJECTED', 'CANCELLED', 'EXPIRED']);

function noteTransition(previous, order) {
  if (!previous || previous.status === order.status) {
    return;
  }
  if (FINAL.has(order.status)) {
    refreshLoyaltySoon();
  }
  const number = order.orderNumber;
  if (order.status === 'READY' || (order.status === 'PICKED_UP' && previous.status !== 'READY')) {
    // The moment that matters most: seen, heard, and (if allowed) a system notification.
    showNotice('orders.ready', { number });
    ringReady(number);
  } else if (order.status === 'ACCEPTED') {
    showNotice('orders.accepted', { number });
  } else if (order.status === 'PICKED_UP') {
    showNotice('orders.pickedUp', { number });
  } else if (order.status === 'CANCELLED') {
    showNotice('orders.cancelled', { number });
  } else if (order.status === 'REJECTED') {
    showNotice('orders.rejected', { number, reason: order.rejectReason ?? '' });
  } else if (order.status === 'EXPIRED') {
    showNotice('orders.expired', { number });
  }
}

/** A short two-tone chime (Web Audio: no sound file) and a system notification where the customer allowed it. */
function ringReady(number) {
  orderNotice.classList.add('is-ready');
  try {
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    [880, 1175].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, audio.currentTime + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.25 + 0.4);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + i * 0.25);
      tone.stop(audio.currentTime + i * 0.25 + 0.4);
    });
    window.__brewChimes = (window.__brewChimes ?? 0) + 1;
  } catch {
    // No audio (autoplay refused, no device): the visible notice stays.
  }
  if ('Notification' in window && Notification.permission === 'granted') {
    try {
      new Notification(t('brand'), { body: t('orders.ready', { number }), tag: `brew-ready-${number}` });
    } catch {
      // Some browsers allow notifications only from a service worker: the page's notice is enough.
    }
  }
}

/** Asked once, on the customer's own click (ordering): browsers ignore a request that no gesture started. */
function askForNotifications() {
  if ('Notification' in window && Notification.permission === 'default') {
    Notification.requestPermission().catch(() => {});
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
  el('ol', { class: 'steps', 'aria-hidden': 'true' }, ...['ORDERED', 'ACCEPTED', 'READY', 'PICKED_UP'].map((step, i) =>
    el('li', { class: stepReached(order.status, i) ? 'done' : '', text: t(`status.${step}`) }))),
  el('ul', {}, ...(order.items ?? []).map((item) => el('li', {},
    `${drinkName(item.menuCode, item.name)} × ${item.quantity}`,
    item.options ? el('small', { class: 'options', text: ` ${optionsText(item.options)}` }) : null))),
  order.status === 'REJECTED' && order.rejectReason
    ? el('span', { class: 'reason', text: t('orders.rejectReason', { reason: order.rejectReason }) }) : null,
  order.status === 'ORDERED' && order.queueWait ? el('span', {
    class: 'queue-wait', dataset: { position: order.queueWait.position },
    text: t('orders.queueWait', {
      position: order.queueWait.position, minutes: order.queueWait.estimatedMinutes,
      time: formatTime(order.queueWait.estimatedReadyAt),
    }),
  }) : null,
  el('span', { class: 'muted' },
    `${formatPrice(order.total ?? 0)} · ${t('orders.placedAt', { time: formatTime(order.placedAt) })}`),
  order.status === 'ORDERED' ? el('button', {
    type: 'button', class: 'danger cancel',
    'aria-label': t('orders.cancelLabel', { number: order.orderNumber }),
    onclick: (event) => cancelOrder(order, event.currentTarget),
  }, t('orders.cancel')) : null,
  FINAL.has(order.status) ? el('button', {
    type: 'button', class: 'secondary again',
    'aria-label': t('orders.againLabel', { number: order.orderNumber }),
    onclick: () => orderAgain(order),
  }, t('orders.again')) : null)));
  if (focusedOrder) {
    ordersList.querySelector(`[data-order-id="${CSS.escape(focusedOrder)}"] button`)?.focus();
  }
}

/**
 * The queue moves with other customers' orders, which this customer's stream does not carry: while an order is
 * ORDERED its position and estimate are read again every WAIT_REFRESH_MS (ADR 0903).
 */
const WAIT_REFRESH_MS = 15000;
let waitRefresh = null;

async function refreshWaits() {
  const waiting = orders.sorted(newestFirst).filter((o) => o.status === 'ORDERED' && o.lastSequence >= 0);
  if (waiting.length === 0) {
    return;
  }
  for (const order of waiting) {
    try {
      const fresh = await request('GET', `/api/orders/${encodeURIComponent(order.orderId)}`);
      const shown = orders.get(order.orderId);
      if (shown && shown.status === 'ORDERED' && fresh.lastSequence === shown.lastSequence) {
        shown.queueWait = fresh.queueWait;
      }
    } catch {
      // The next refresh, or the stream, brings it.
    }
  }
  renderOrders();
}

const STEP_INDEX = { ORDERED: 0, ACCEPTED: 1, READY: 2, PICKED_UP: 3 };

function stepReached(status, index) {
  return (STEP_INDEX[status] ?? -1) >= index;
}

/** Puts a past order's lines (drinks, options, quantities) in the cart again; the customer then orders as usual. */
function orderAgain(order) {
  for (const item of order.items ?? []) {
    if (menuItem(item.menuCode)) {
      addToCart(item.menuCode, item.options ?? defaultOptions(menuItem(item.menuCode)), item.quantity);
    }
  }
  orderButton.focus();
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
    renderLoyalty();
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
    card = null;
    appliedReward = null;
    recommendations = null;
    renderOrders();
    showMenu().then(loadLoyalty);
    startStream();
    clearInterval(waitRefresh);
    waitRefresh = setInterval(refreshWaits, WAIT_REFRESH_MS);
  },
  onSignedOut: () => {
    stream?.close();
    stream = null;
    clearInterval(waitRefresh);
  },
});
