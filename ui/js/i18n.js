// Korean and English labels. Korean is the default; the choice is remembered in localStorage.
// Static text in the HTML carries data-i18n="key" (text) or data-i18n-attr="attr:key;attr:key" (attributes);
// code asks t(key, vars) and re-renders on the 'brew:lang' event.

const STORAGE_KEY = 'brew.lang';
export const LANGUAGES = ['ko', 'en'];

const MESSAGES = {
  ko: {
    'brand': 'Brew',
    'skip': '본문으로 건너뛰기',
    'lang.switch': 'English',
    'lang.switch.label': 'Switch to English',
    'customer.title': 'Brew · 사이렌 오더',
    'barista.title': 'Brew · 바리스타',
    'operator.title': 'Brew · 운영',
    'auth.heading': '로그인',
    'auth.intro': '주문하려면 로그인하거나 새로 가입하세요.',
    'auth.staffIntro': '직원 계정으로 로그인하세요.',
    'auth.name': '이름',
    'auth.password': '비밀번호',
    'auth.passwordHint': '8자 이상',
    'auth.signIn': '로그인',
    'auth.signUp': '가입하기',
    'auth.signOut': '로그아웃',
    'auth.signedInAs': '{name} 님',
    'auth.working': '잠시만요…',
    'auth.needsRole': '이 화면은 {role} 계정만 쓸 수 있습니다. 다른 계정으로 로그인하세요.',
    'auth.expired': '로그인이 만료되었습니다. 다시 로그인하세요.',
    'role.BARISTA': '바리스타',
    'role.OPERATOR': '운영자',
    'role.MEMBER': '회원',
    'menu.heading': '메뉴',
    'menu.loading': '메뉴를 불러오는 중…',
    'menu.add': '담기',
    'menu.addLabel': '{name} 장바구니에 담기',
    'cart.heading': '장바구니',
    'cart.empty': '장바구니가 비어 있습니다. 메뉴에서 음료를 담으세요.',
    'cart.quantity': '{name} 수량',
    'cart.less': '{name} 하나 빼기',
    'cart.more': '{name} 하나 더',
    'cart.remove': '{name} 빼기',
    'cart.removeShort': '삭제',
    'cart.total': '합계',
    'cart.order': '주문하기',
    'cart.ordering': '주문 중…',
    'cart.retry': '다시 주문하기',
    'cart.ordered': '주문 #{number} 접수되었습니다.',
    'cart.max': '한 번에 최대 {max}잔까지 주문할 수 있습니다.',
    'cart.reward': '무료 음료 리워드',
    'loyalty.heading': '스탬프',
    'loyalty.progress': '스탬프 {progress}/{per} · 지금까지 {stamps}개',
    'loyalty.unavailable': '스탬프 정보를 지금 불러올 수 없습니다. 주문은 그대로 할 수 있습니다.',
    'loyalty.reward': '무료 음료 (최대 {cap})',
    'loyalty.reward.held': '주문에 사용 중',
    'loyalty.apply': '이 주문에 사용',
    'loyalty.applied': '사용 안 함',
    'loyalty.new': '새 리워드가 생겼습니다!',
    'suggest.heading': '추천',
    'suggest.usual': '늘 드시던 {name}',
    'suggest.popular': '지금 인기 {name}',
    'suggest.add': '{name} 담기',
    'orders.heading': '내 주문',
    'orders.empty': '아직 주문이 없습니다.',
    'orders.number': '주문 #{number}',
    'orders.queueWait': '대기 {position}번째 · 약 {minutes}분 후 {time}쯤 준비',
    'orders.cancel': '주문 취소',
    'orders.cancelLabel': '주문 #{number} 취소',
    'orders.cancelled': '주문 #{number}이(가) 취소되었습니다.',
    'orders.ready': '주문 #{number} 음료가 준비되었습니다! 카운터에서 받아 가세요.',
    'orders.placedAt': '{time} 주문',
    'status.ORDERED': '주문 접수',
    'status.ACCEPTED': '제조 중',
    'status.READY': '픽업 대기',
    'status.PICKED_UP': '픽업 완료',
    'status.REJECTED': '주문 거절',
    'status.CANCELLED': '취소됨',
    'status.EXPIRED': '시간 만료',
    'option.size': '사이즈',
    'option.temperature': '온도',
    'option.extraShots': '샷 추가',
    'option.milk': '우유',
    'option.syrup': '시럽',
    'option.size.TALL': '톨',
    'option.size.GRANDE': '그란데',
    'option.size.VENTI': '벤티',
    'option.temperature.HOT': '따뜻하게',
    'option.temperature.ICED': '아이스',
    'option.extraShots.n': '샷 +{n}',
    'option.milk.REGULAR': '일반 우유',
    'option.milk.OAT': '오트',
    'option.milk.SOY': '두유',
    'option.milk.LACTOSE_FREE': '락토프리',
    'option.syrup.NONE': '시럽 없음',
    'option.syrup.VANILLA': '바닐라',
    'option.syrup.CARAMEL': '카라멜',
    'option.syrup.HAZELNUT': '헤이즐넛',
    'orders.again': '다시 주문',
    'orders.againLabel': '주문 #{number} 다시 담기',
    'orders.rejected': '주문 #{number}이(가) 거절되었습니다: {reason}',
    'orders.expired': '주문 #{number}이(가) 시간이 지나 만료되었습니다.',
    'orders.accepted': '주문 #{number} 제조를 시작했습니다.',
    'orders.pickedUp': '주문 #{number}을(를) 받아 가셨습니다. 맛있게 드세요!',
    'orders.rejectReason': '거절 사유: {reason}',
    'queue.col.new': '신규',
    'queue.col.progress': '제조 중',
    'queue.col.ready': '픽업 대기',
    'queue.accept': '접수',
    'queue.acceptLabel': '주문 #{number} 접수',
    'queue.ready': '완성',
    'queue.readyLabel': '주문 #{number} 완성',
    'queue.pickedUp': '전달 완료',
    'queue.pickedUpLabel': '주문 #{number} 전달 완료',
    'queue.reject': '거절',
    'queue.rejectLabel': '주문 #{number} 거절',
    'queue.rejectPrompt': '주문 #{number} 거절 사유',
    'queue.rejectDefault': '재료가 떨어졌습니다',
    'queue.waited': '{minutes}분 대기',
    'queue.moved': '주문 #{number}: {status}',
    'conn.connecting': '연결 중',
    'conn.connected': '실시간 연결됨',
    'conn.reconnecting': '다시 연결 중…',
    'conn.offline': '오프라인',
    'conn.label': '실시간 연결 상태',
    'queue.heading': '주문 대기열',
    'queue.count': '대기 {count}건',
    'queue.empty': '대기 중인 주문이 없습니다.',
    'queue.complete': '완료',
    'queue.completeLabel': '주문 #{number} 완료',
    'queue.completed': '주문 #{number} 완료 처리했습니다.',
    'queue.goneAlready': '주문 #{number}은(는) 이미 처리되었습니다.',
    'queue.new': '새 주문 #{number}',
    'queue.placedAt': '{time}',
    'queue.by': '{name}',
    'replay.heading': '읽기 모델 재생성 (리플레이)',
    'replay.intro': '이벤트를 처음부터 다시 읽어 주문 화면의 데이터를 새로 만듭니다. 그동안에도 조회는 계속됩니다.',
    'replay.start': '리플레이 시작',
    'replay.progress': '리플레이 진행률',
    'replay.idle': '아직 시작하지 않았습니다.',
    'replay.status': '{processed} / {total} 이벤트 ({percent}%)',
    'replay.state.RUNNING': '진행 중',
    'replay.state.COMPLETED': '완료',
    'replay.state.FAILED': '실패',
    'replay.alreadyRunning': '이미 진행 중인 리플레이를 따라갑니다.',
    'replay.failed': '리플레이 실패: {error}',
    'health.heading': '서비스 상태',
    'health.refresh': '새로 고침',
    'health.service': '서비스',
    'health.status': '상태',
    'health.checkedAt': '{time} 확인',
    'health.unavailable': '상태를 가져올 수 없습니다.',
    'parked.count': '보류된 이벤트: {count}',
    'parked.retry': '다시 시도',
    'health.UP': '정상',
    'health.DOWN': '중단',
    'health.OUT_OF_SERVICE': '서비스 중지',
    'health.UNKNOWN': '알 수 없음',
    'error.network': '서버에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도하세요.',
    'error.rateLimited': '요청이 너무 많습니다. {seconds}초 후에 다시 시도하세요.',
    'error.rateLimitedSoon': '요청이 너무 많습니다. 잠시 후 다시 시도하세요.',
    'error.badCredentials': '이름 또는 비밀번호가 맞지 않습니다.',
    'error.nameTaken': '이미 사용 중인 이름입니다. 다른 이름을 고르세요.',
    'error.unauthorized': '로그인이 필요합니다.',
    'error.forbidden': '이 작업을 할 권한이 없습니다.',
    'error.unavailable': '서비스가 잠시 응답하지 않습니다. 조금 후 다시 시도하세요.',
    'error.conflict': '이미 처리된 주문입니다.',
    'error.field': '{field}: {detail}',
    'error.generic': '요청을 처리하지 못했습니다 ({status}).',
    'field.name': '이름',
    'field.password': '비밀번호',
    'field.items': '주문 항목',
    'field.menuCode': '메뉴',
    'field.quantity': '수량',
  },
  en: {
    'brand': 'Brew',
    'skip': 'Skip to content',
    'lang.switch': '한국어',
    'lang.switch.label': '한국어로 보기',
    'customer.title': 'Brew · Siren order',
    'barista.title': 'Brew · Barista',
    'operator.title': 'Brew · Operator',
    'auth.heading': 'Sign in',
    'auth.intro': 'Sign in or create an account to order.',
    'auth.staffIntro': 'Sign in with your staff account.',
    'auth.name': 'Name',
    'auth.password': 'Password',
    'auth.passwordHint': 'At least 8 characters',
    'auth.signIn': 'Sign in',
    'auth.signUp': 'Create account',
    'auth.signOut': 'Sign out',
    'auth.signedInAs': 'Signed in as {name}',
    'auth.working': 'One moment…',
    'auth.needsRole': 'This screen is for {role} accounts only. Sign in with another account.',
    'auth.expired': 'Your session has ended. Please sign in again.',
    'role.BARISTA': 'barista',
    'role.OPERATOR': 'operator',
    'role.MEMBER': 'member',
    'menu.heading': 'Menu',
    'menu.loading': 'Loading the menu…',
    'menu.add': 'Add',
    'menu.addLabel': 'Add {name} to the cart',
    'cart.heading': 'Your cart',
    'cart.empty': 'Your cart is empty. Add a drink from the menu.',
    'cart.quantity': 'Quantity of {name}',
    'cart.less': 'One less {name}',
    'cart.more': 'One more {name}',
    'cart.remove': 'Remove {name}',
    'cart.removeShort': 'Remove',
    'cart.total': 'Total',
    'cart.order': 'Order',
    'cart.ordering': 'Ordering…',
    'cart.retry': 'Try the order again',
    'cart.ordered': 'Order #{number} received.',
    'cart.max': 'You can order at most {max} of one drink.',
    'cart.reward': 'Free-drink reward',
    'loyalty.heading': 'Stamps',
    'loyalty.progress': 'Stamps {progress}/{per} · {stamps} in all',
    'loyalty.unavailable': 'Your stamps cannot be shown right now. Ordering works as usual.',
    'loyalty.reward': 'Free drink (up to {cap})',
    'loyalty.reward.held': 'Held by an order',
    'loyalty.apply': 'Use on this order',
    'loyalty.applied': 'Don’t use',
    'loyalty.new': 'You earned a new reward!',
    'suggest.heading': 'For you',
    'suggest.usual': 'Your usual: {name}',
    'suggest.popular': 'Popular now: {name}',
    'suggest.add': 'Add {name}',
    'orders.heading': 'My orders',
    'orders.empty': 'No orders yet.',
    'orders.number': 'Order #{number}',
    'orders.queueWait': 'No. {position} in the queue · ready in about {minutes} min, around {time}',
    'orders.cancel': 'Cancel order',
    'orders.cancelLabel': 'Cancel order #{number}',
    'orders.cancelled': 'Order #{number} was cancelled.',
    'orders.ready': 'Order #{number} is ready! Please pick it up at the counter.',
    'orders.placedAt': 'Ordered {time}',
    'status.ORDERED': 'Ordered',
    'status.ACCEPTED': 'Being made',
    'status.READY': 'Ready for pick-up',
    'status.PICKED_UP': 'Picked up',
    'status.REJECTED': 'Rejected',
    'status.CANCELLED': 'Cancelled',
    'status.EXPIRED': 'Expired',
    'option.size': 'Size',
    'option.temperature': 'Temperature',
    'option.extraShots': 'Extra shots',
    'option.milk': 'Milk',
    'option.syrup': 'Syrup',
    'option.size.TALL': 'Tall',
    'option.size.GRANDE': 'Grande',
    'option.size.VENTI': 'Venti',
    'option.temperature.HOT': 'Hot',
    'option.temperature.ICED': 'Iced',
    'option.extraShots.n': '+{n} shot',
    'option.milk.REGULAR': 'Regular milk',
    'option.milk.OAT': 'Oat',
    'option.milk.SOY': 'Soy',
    'option.milk.LACTOSE_FREE': 'Lactose-free',
    'option.syrup.NONE': 'No syrup',
    'option.syrup.VANILLA': 'Vanilla',
    'option.syrup.CARAMEL': 'Caramel',
    'option.syrup.HAZELNUT': 'Hazelnut',
    'orders.again': 'Order again',
    'orders.againLabel': 'Put order #{number} in the cart again',
    'orders.rejected': 'Order #{number} was rejected: {reason}',
    'orders.expired': 'Order #{number} expired.',
    'orders.accepted': 'Order #{number} is being made.',
    'orders.pickedUp': 'Order #{number} picked up. Enjoy!',
    'orders.rejectReason': 'Reason: {reason}',
    'queue.col.new': 'New',
    'queue.col.progress': 'In progress',
    'queue.col.ready': 'Ready',
    'queue.accept': 'Accept',
    'queue.acceptLabel': 'Accept order #{number}',
    'queue.ready': 'Ready',
    'queue.readyLabel': 'Order #{number} is ready',
    'queue.pickedUp': 'Picked up',
    'queue.pickedUpLabel': 'Order #{number} picked up',
    'queue.reject': 'Reject',
    'queue.rejectLabel': 'Reject order #{number}',
    'queue.rejectPrompt': 'Why is order #{number} rejected?',
    'queue.rejectDefault': 'An ingredient ran out',
    'queue.waited': 'waiting {minutes} min',
    'queue.moved': 'Order #{number}: {status}',
    'conn.connecting': 'Connecting',
    'conn.connected': 'Live',
    'conn.reconnecting': 'Reconnecting…',
    'conn.offline': 'Offline',
    'conn.label': 'Live connection',
    'queue.heading': 'Order queue',
    'queue.count': '{count} waiting',
    'queue.empty': 'No orders waiting.',
    'queue.complete': 'Complete',
    'queue.completeLabel': 'Complete order #{number}',
    'queue.completed': 'Order #{number} completed.',
    'queue.goneAlready': 'Order #{number} was already handled.',
    'queue.new': 'New order #{number}',
    'queue.placedAt': '{time}',
    'queue.by': '{name}',
    'replay.heading': 'Rebuild the read model (replay)',
    'replay.intro': 'Reads every event again to rebuild the order views. Queries keep answering meanwhile.',
    'replay.start': 'Start replay',
    'replay.progress': 'Replay progress',
    'replay.idle': 'Not started yet.',
    'replay.status': '{processed} of {total} events ({percent}%)',
    'replay.state.RUNNING': 'Running',
    'replay.state.COMPLETED': 'Completed',
    'replay.state.FAILED': 'Failed',
    'replay.alreadyRunning': 'A replay is already running; following it.',
    'replay.failed': 'Replay failed: {error}',
    'health.heading': 'Service health',
    'health.refresh': 'Refresh',
    'health.service': 'Service',
    'health.status': 'Status',
    'health.checkedAt': 'Checked {time}',
    'health.unavailable': 'The health status is not available.',
    'parked.count': 'Parked events: {count}',
    'parked.retry': 'Retry',
    'health.UP': 'Up',
    'health.DOWN': 'Down',
    'health.OUT_OF_SERVICE': 'Out of service',
    'health.UNKNOWN': 'Unknown',
    'error.network': 'Cannot reach the server. Check your connection and try again.',
    'error.rateLimited': 'Too many requests. Try again in {seconds} s.',
    'error.rateLimitedSoon': 'Too many requests. Try again in a moment.',
    'error.badCredentials': 'That name and password do not match.',
    'error.nameTaken': 'That name is taken. Please choose another.',
    'error.unauthorized': 'Please sign in.',
    'error.forbidden': 'You are not allowed to do that.',
    'error.unavailable': 'The service is not answering right now. Try again shortly.',
    'error.conflict': 'That order was already handled.',
    'error.field': '{field}: {detail}',
    'error.generic': 'The request failed ({status}).',
    'field.name': 'Name',
    'field.password': 'Password',
    'field.items': 'Order items',
    'field.menuCode': 'Menu item',
    'field.quantity': 'Quantity',
  },
};

function initialLang() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(stored)) {
      return stored;
    }
  } catch {
    // storage disabled: fall back to the default
  }
  return 'ko';
}

let lang = initialLang();

export function currentLang() {
  return lang;
}

/** The message for key in the current language, with {placeholders} filled from vars. */
export function t(key, vars = {}) {
  const template = MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

/** Fills every [data-i18n] and [data-i18n-attr] element under root. */
export function applyTranslations(root = document) {
  document.documentElement.lang = lang;
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key) {
        element.setAttribute(attribute, t(key));
      }
    }
  }
}

export function setLang(next) {
  if (!LANGUAGES.includes(next) || next === lang) {
    return;
  }
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered; still switched for this page
  }
  applyTranslations();
  document.dispatchEvent(new CustomEvent('brew:lang', { detail: { lang } }));
}

/** Calls fn now and whenever the language changes. */
export function onLangChange(fn) {
  document.addEventListener('brew:lang', () => fn(lang));
}

/** Wires a button that toggles Korean and English. */
export function mountLanguageSwitch(button) {
  button.addEventListener('click', () => setLang(lang === 'ko' ? 'en' : 'ko'));
}

/** A KRW amount: ₩5,000 in both languages (the won has no minor unit). */
export function formatPrice(amount) {
  return new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', {
    style: 'currency', currency: 'KRW', maximumFractionDigits: 0,
  }).format(amount);
}

export function formatNumber(value) {
  return new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US').format(value);
}

export function formatTime(iso) {
  if (!iso) {
    return '';
  }
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
    hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
}
