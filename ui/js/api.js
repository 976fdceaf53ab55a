// Calls to Brew's API through the gateway (same origin): JSON in and out, RFC 7807 problems turned into ApiError,
// and the session. The token from sign-in is kept in sessionStorage (this tab only, never in a URL) and sent as
// "Authorization: Bearer" on every call; the gateway also set an HttpOnly cookie at sign-in, which it turns into a
// bearer token for GET calls only — that is how EventSource opens the order stream (see stream.js).

import { t } from './i18n.js';

const SESSION_KEY = 'brew.session';

/** A failed call: an HTTP error with its problem body, or a network failure (status 0, network true). */
export class ApiError extends Error {
  constructor({ status = 0, problem = null, retryAfter = null, network = false }) {
    super(problem?.detail ?? (network ? 'network error' : `HTTP ${status}`));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? {};
    this.retryAfter = retryAfter;
    this.network = network;
  }

  get code() {
    return this.problem.code ?? null;
  }

  /** Worth retrying unchanged: the request may not have arrived, or the service was briefly away. */
  get retryable() {
    return this.network || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

/** The signed-in person {token, expiresAt, member:{id, name, roles}}, or null (also once the token expired). */
export function currentSession() {
  let session = null;
  try {
    session = JSON.parse(sessionStorage.getItem(SESSION_KEY));
  } catch {
    session = null;
  }
  if (!session?.token) {
    return null;
  }
  if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }
  return session;
}

export function hasRole(session, role) {
  return Boolean(session?.member?.roles?.includes(role));
}

function saveSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

/** The seconds a 429/503 asks us to wait (Retry-After as seconds or as an HTTP date), or null. */
function parseRetryAfter(value) {
  if (!value) {
    return null;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * One API call. Resolves with the parsed JSON body (null when there is none); rejects with ApiError. A 401 on a
 * call that carried our token means the session is over: it is dropped and 'brew:signed-out' is dispatched.
 */
export async function request(method, path, { body, headers = {}, auth = true } = {}) {
  const session = auth ? currentSession() : null;
  const sent = { Accept: 'application/json, application/problem+json', ...headers };
  if (body !== undefined) {
    sent['Content-Type'] = 'application/json';
  }
  if (session) {
    sent.Authorization = `Bearer ${session.token}`;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError({ network: true });
  }
  const text = await response.text().catch(() => '');
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError({
      status: response.status,
      problem: json && typeof json === 'object' ? json : null,
      retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
    });
    if (response.status === 401 && session) {
      clearSession();
      document.dispatchEvent(new CustomEvent('brew:signed-out', { detail: { expired: true } }));
    }
    throw error;
  }
  return json;
}

/** Signs in; the gateway sets the session cookie on the way back. */
export async function signIn(name, password) {
  const answer = await request('POST', '/api/sessions', { body: { name, password }, auth: false });
  saveSession(answer);
  return answer;
}

/** Creates a member, then signs them in. */
export async function signUp(name, password) {
  await request('POST', '/api/members', { body: { name, password }, auth: false });
  return signIn(name, password);
}

/** Forgets the token and asks the gateway to clear the cookie (best effort: offline, the cookie simply expires). */
export async function signOut() {
  clearSession();
  try {
    await request('DELETE', '/api/sessions', { auth: false });
  } catch {
    // nothing more to do
  }
}

/** The wrong field of a problem, in the user's words ("items[1].quantity" → "Quantity"). */
function fieldLabel(field) {
  const last = String(field).split('.').pop().replace(/\[\d+\]$/, '');
  const key = `field.${last}`;
  const label = t(key);
  return label === key ? field : label;
}

/** What went wrong, in plain words for the user. */
export function problemMessage(error) {
  if (!(error instanceof ApiError)) {
    return t('error.generic', { status: '?' });
  }
  if (error.network) {
    return t('error.network');
  }
  const { status, problem } = error;
  if (status === 429) {
    return error.retryAfter != null
      ? t('error.rateLimited', { seconds: error.retryAfter })
      : t('error.rateLimitedSoon');
  }
  switch (error.code) {
    case 'bad-credentials':
      return t('error.badCredentials');
    case 'name-taken':
      return t('error.nameTaken');
    default:
      break;
  }
  if (problem.field) {
    const detail = problem.errors?.[0]?.message ?? problem.detail ?? '';
    return t('error.field', { field: fieldLabel(problem.field), detail });
  }
  if (status === 401) {
    return t('error.unauthorized');
  }
  if (status === 403) {
    return t('error.forbidden');
  }
  if (status === 502 || status === 503 || status === 504) {
    return t('error.unavailable');
  }
  if (status === 409 && !problem.detail) {
    return t('error.conflict');
  }
  return problem.detail || problem.title || t('error.generic', { status });
}
