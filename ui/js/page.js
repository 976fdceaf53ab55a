// What every Brew page shares: translations and the language switch, the sign-in / sign-up form, the header's
// "signed in as" and sign-out, and switching between the sign-in form and the page's own content.

import { applyTranslations, currentLang, mountLanguageSwitch, onLangChange, t } from './i18n.js';
import { ApiError, currentSession, hasRole, problemMessage, signIn, signOut, signUp } from './api.js';

const byId = (id) => document.getElementById(id);

/**
 * @param {object} options
 *   requiredRole  the role the page needs (BARISTA, OPERATOR), or undefined for any member
 *   onSignedIn(session)  shows the page's content for this person
 *   onSignedOut()        stops whatever the content was doing (streams, timers)
 */
export function setupPage({ requiredRole, onSignedIn, onSignedOut }) {
  const auth = byId('auth');
  const app = byId('app');
  const form = byId('auth-form');
  const name = byId('auth-name');
  const password = byId('auth-password');
  const error = byId('auth-error');
  const who = byId('who');
  const signOutButton = byId('sign-out');
  const langSwitch = byId('lang-switch');
  let active = null;

  const renderLangSwitch = () => {
    langSwitch.lang = currentLang() === 'ko' ? 'en' : 'ko';
  };
  applyTranslations();
  renderLangSwitch();
  mountLanguageSwitch(langSwitch);

  const renderWho = () => {
    if (active) {
      who.textContent = t('auth.signedInAs', { name: active.member.name });
    }
  };
  onLangChange(() => {
    renderLangSwitch();
    renderWho();
  });

  const showError = (message, field) => {
    error.textContent = message;
    name.removeAttribute('aria-invalid');
    password.removeAttribute('aria-invalid');
    if (field === 'name' || field === 'password') {
      const input = field === 'name' ? name : password;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  };

  const show = (notice) => {
    const session = currentSession();
    const allowed = session && (!requiredRole || hasRole(session, requiredRole));
    if (allowed) {
      if (active?.token === session.token) {
        return;
      }
      active = session;
      auth.hidden = true;
      app.hidden = false;
      who.hidden = false;
      signOutButton.hidden = false;
      renderWho();
      onSignedIn(session);
      return;
    }
    active = null;
    app.hidden = true;
    who.hidden = true;
    signOutButton.hidden = true;
    auth.hidden = false;
    if (session && requiredRole) {
      showError(t('auth.needsRole', { role: t(`role.${requiredRole}`) }));
    } else if (notice) {
      showError(notice);
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = event.submitter?.value === 'sign-up' ? 'sign-up' : 'sign-in';
    const buttons = form.querySelectorAll('button');
    buttons.forEach((button) => { button.disabled = true; });
    showError('');
    try {
      if (action === 'sign-up') {
        await signUp(name.value.trim(), password.value);
      } else {
        await signIn(name.value.trim(), password.value);
      }
      password.value = '';
      show();
    } catch (e) {
      showError(problemMessage(e), e instanceof ApiError ? e.problem.field : undefined);
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  });

  signOutButton.addEventListener('click', async () => {
    onSignedOut();
    active = null;
    await signOut();
    show();
    name.focus();
  });

  // A call answered 401 (the token expired): back to the sign-in form.
  document.addEventListener('brew:signed-out', () => {
    if (active) {
      onSignedOut();
      active = null;
      show(t('auth.expired'));
    }
  });

  show();

  return {
    /** The stream said the session is over (its cookie expired or was replaced). */
    expire() {
      if (active) {
        onSignedOut();
        active = null;
        signOut().then(() => show(t('auth.expired')));
      }
    },
  };
}

/** Puts text into a live region (status or alert); the same text twice is announced twice. */
export function announce(element, text) {
  element.textContent = '';
  if (text) {
    // A fresh text node in a later task makes screen readers announce it again. (Not requestAnimationFrame: it
    // does not run while the tab is hidden, and a counter screen may well be.)
    setTimeout(() => { element.textContent = text; }, 50);
  }
}

/** Element helper: el('li', {class: 'x', dataset: {id: 1}}, child, 'text'). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      element.className = value;
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (key === 'text') {
      element.textContent = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (value === true) {
      element.setAttribute(key, '');
    } else {
      element.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}
