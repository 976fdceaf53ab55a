// The menu (GET /api/menu, public): names in both languages, prices in KRW, and an icon id per drink whose
// picture is a small SVG file in icons/ (an unknown id falls back to a plain cup).

import { currentLang } from './i18n.js';
import { request } from './api.js';

const ICONS = new Set(['americano', 'latte', 'cappuccino', 'vanilla-latte', 'macchiato', 'mocha', 'cold-brew',
  'green-tea', 'tea', 'chocolate']);

let menu = null;

/** {currency, items:[{code, nameKo, nameEn, price, icon}]}, fetched once per page. */
export async function loadMenu() {
  if (!menu) {
    menu = await request('GET', '/api/menu', { auth: false });
  }
  return menu;
}

export function iconUrl(icon) {
  return `icons/${ICONS.has(icon) ? icon : 'cup'}.svg`;
}

export function menuItem(code) {
  return menu?.items?.find((item) => item.code === code) ?? null;
}

/** A drink's name in the current language; for an order line, the name it was ordered under if the menu lacks it. */
export function drinkName(code, fallback = code) {
  const item = menuItem(code);
  if (!item) {
    return fallback;
  }
  return currentLang() === 'ko' ? item.nameKo : item.nameEn;
}

/** The name in the other language (shown small under the main one). */
export function otherName(item) {
  return currentLang() === 'ko' ? item.nameEn : item.nameKo;
}
