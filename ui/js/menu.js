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

// ---- drink options (sizes, HOT/ICED, extra shots, milk, syrup: ADR 0902) ----

/** The options a drink takes, each with its choices: [{field, choices:[value...]}] in the order the page shows them. */
export function optionFields(item) {
  const catalog = menu?.options;
  if (!item || !catalog) {
    return [];
  }
  const fields = [{ field: 'size', choices: Object.keys(catalog.sizes) }];
  if ((item.temperatures ?? []).length > 1) {
    fields.push({ field: 'temperature', choices: item.temperatures });
  }
  if (item.extraShots) {
    fields.push({ field: 'extraShots', choices: Array.from({ length: catalog.maxExtraShots + 1 }, (_, i) => i) });
  }
  if (item.milk) {
    fields.push({ field: 'milk', choices: Object.keys(catalog.milks) });
  }
  if (item.syrup) {
    fields.push({ field: 'syrup', choices: Object.keys(catalog.syrups) });
  }
  return fields;
}

/** The drink's default options, as command-service fills them in. */
export function defaultOptions(item) {
  const catalog = menu?.options;
  if (!item || !catalog) {
    return {};
  }
  const options = { size: Object.keys(catalog.sizes)[0], temperature: (item.temperatures ?? ['HOT'])[0] };
  if (item.extraShots) {
    options.extraShots = 0;
  }
  if (item.milk) {
    options.milk = Object.keys(catalog.milks)[0];
  }
  if (item.syrup) {
    options.syrup = Object.keys(catalog.syrups)[0];
  }
  return options;
}

/** One drink's price with these options, as command-service prices it. */
export function unitPrice(code, options = {}) {
  const item = menuItem(code);
  const catalog = menu?.options;
  if (!item) {
    return 0;
  }
  if (!catalog) {
    return item.price;
  }
  return item.price + (catalog.sizes[options.size] ?? 0) + catalog.extraShot * (options.extraShots ?? 0)
    + (options.milk ? catalog.milks[options.milk] ?? 0 : 0) + (options.syrup ? catalog.syrups[options.syrup] ?? 0 : 0);
}
