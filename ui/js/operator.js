// The operator panel: start a replay (rebuild the read model from the events) and follow its progress; see the
// readiness of every service behind the gateway.

import { formatNumber, formatTime, onLangChange, t } from './i18n.js';
import { ApiError, problemMessage, request } from './api.js';
import { announce, el, setupPage } from './page.js';

const POLL_MS = 500;
const HEALTH_MS = 10000;
const byId = (id) => document.getElementById(id);

const progress = byId('replay-progress');
const stateLabel = byId('replay-state');
const numbers = byId('replay-numbers');
const replayError = byId('replay-error');
const startButton = byId('replay-start');
const healthRows = byId('health-rows');
const healthChecked = byId('health-checked');
const healthError = byId('health-error');
const healthRefresh = byId('health-refresh');
const parkedText = byId('parked-text');
const parkedRetry = byId('parked-retry');

let replay = null;
let pollTimer = null;
let health = null;
let healthTimer = null;
let running = false;
let parked = null;

// ---- replay ----

const isFinished = (status) => ['COMPLETED', 'FAILED'].includes(String(status?.state).toUpperCase());

function renderReplay() {
  if (!replay) {
    progress.value = 0;
    stateLabel.textContent = '';
    numbers.textContent = t('replay.idle');
    startButton.disabled = false;
    return;
  }
  const state = String(replay.state).toUpperCase();
  progress.value = replay.percent ?? 0;
  progress.dataset.state = state;
  stateLabel.textContent = `${t(`replay.state.${state}`)} · `;
  numbers.textContent = t('replay.status', {
    processed: formatNumber(replay.processed ?? 0),
    total: formatNumber(replay.total ?? 0),
    percent: replay.percent ?? 0,
  });
  startButton.disabled = !isFinished(replay);
  if (state === 'FAILED') {
    replayError.textContent = t('replay.failed', { error: replay.error ?? '' });
  }
}

async function startReplay() {
  startButton.disabled = true;
  replayError.textContent = '';
  try {
    replay = await request('POST', '/api/admin/replays');
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.problem.runningReplayId) {
      announce(replayError, t('replay.alreadyRunning'));
      replay = { id: e.problem.runningReplayId, state: 'RUNNING', processed: 0, total: 0, percent: 0 };
    } else {
      startButton.disabled = false;
      announce(replayError, problemMessage(e));
      return;
    }
  }
  renderReplay();
  schedulePoll();
}

function schedulePoll() {
  clearTimeout(pollTimer);
  if (running && replay && !isFinished(replay)) {
    pollTimer = setTimeout(poll, POLL_MS);
  }
}

async function poll() {
  try {
    replay = await request('GET', `/api/admin/replays/${encodeURIComponent(replay.id)}`);
    renderReplay();
  } catch (e) {
    // A blip (the service restarting, say) does not end the replay: keep asking.
    announce(replayError, problemMessage(e));
  }
  schedulePoll();
}

// ---- health ----

function renderHealth() {
  if (!health) {
    healthRows.replaceChildren();
    healthChecked.textContent = '';
    return;
  }
  healthRows.replaceChildren(...health.services.map((service) => {
    const status = String(service.status ?? 'UNKNOWN').toUpperCase();
    return el('tr', { dataset: { service: service.name } },
      el('th', { scope: 'row', text: service.name }),
      el('td', {}, el('span', {
        class: 'health-status', dataset: { status }, text: t(`health.${status}`),
      })));
  }));
  healthChecked.textContent = t('health.checkedAt', { time: formatTime(health.checkedAt) });
}

async function refreshHealth() {
  clearTimeout(healthTimer);
  try {
    health = await request('GET', '/api/admin/health');
    healthError.textContent = '';
  } catch (e) {
    healthError.textContent = `${t('health.unavailable')} ${problemMessage(e)}`;
  }
  renderHealth();
  await refreshParked();
  if (running) {
    healthTimer = setTimeout(refreshHealth, HEALTH_MS);
  }
}

// ---- parked events (the projection's dead letters) ----

function renderParked() {
  parkedText.textContent = parked ? t('parked.count', { count: formatNumber(parked.count) }) : '';
  parkedRetry.hidden = !parked || parked.count === 0;
}

async function refreshParked() {
  try {
    parked = await request('GET', '/api/admin/parked-events');
  } catch (e) {
    parked = null;
  }
  renderParked();
}

async function retryParked() {
  parkedRetry.disabled = true;
  try {
    await request('POST', '/api/admin/parked-events/retry');
  } catch (e) {
    announce(healthError, problemMessage(e));
  }
  parkedRetry.disabled = false;
  await refreshParked();
}

// ---- page ----

startButton.addEventListener('click', startReplay);
healthRefresh.addEventListener('click', refreshHealth);
parkedRetry.addEventListener('click', retryParked);

onLangChange(() => {
  renderReplay();
  renderHealth();
  renderParked();
});

setupPage({
  requiredRole: 'OPERATOR',
  onSignedIn: () => {
    running = true;
    replay = null;
    replayError.textContent = '';
    renderReplay();
    refreshHealth();
  },
  onSignedOut: () => {
    running = false;
    clearTimeout(pollTimer);
    clearTimeout(healthTimer);
  },
});
