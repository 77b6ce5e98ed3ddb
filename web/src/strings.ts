/**
 * Every viewer-facing string of the UI, in one place so that another language (Korean is next) is one more
 * catalogue of the same shape. Pages never hard-code text: static elements carry `data-i18n="key"` and are filled
 * by {@link applyStaticStrings}; dynamic text comes from the functions below. Numbers and relative times are
 * formatted with `Intl` in the catalogue's locale.
 */
export interface Strings {
  /** BCP 47 tag, used for `<html lang>` and `Intl` formatting. */
  readonly locale: string;
  readonly appName: string;
  readonly skipToPlayer: string;
  readonly pageTitle: (subject: string) => string;

  // Watch page
  readonly live: string;
  readonly unmute: string;
  readonly quality: string;
  readonly qualityAuto: string;
  readonly playerEngine: string;
  /** "1.6 s behind live": how far the picture is behind the camera (server clock). */
  readonly latency: (seconds: number) => string;
  readonly play: string;
  readonly starting: string;
  readonly buffering: string;
  readonly reconnecting: string;
  readonly pressPlay: string;
  readonly offlineTitle: (channel: string) => string;
  readonly offlineDetail: string;
  readonly lastLive: (ago: string) => string;
  readonly nowLive: (channel: string) => string;
  readonly nowPlaying: (channel: string) => string;
  readonly streamEnded: (channel: string) => string;
  readonly noSuchChannel: string;
  readonly noSuchChannelDetail: (channel: string) => string;
  readonly invalidChannel: string;
  readonly invalidChannelDetail: string;
  readonly serverUnreachable: string;
  readonly retrying: string;
  readonly playbackFailed: string;
  readonly unsupportedBrowser: string;
  readonly unsupportedBrowserDetail: string;
  readonly statsLine: (width: number, height: number, fps: string, bitrate: string) => string;
  readonly fps: (fps: string) => string;
  readonly liveFor: (duration: string) => string;
  readonly playerLabel: (channel: string) => string;

  // Home page
  readonly liveNow: string;
  readonly loadingChannels: string;
  readonly nobodyLive: string;
  readonly goLiveTitle: string;
  readonly goLiveIntro: string;
  readonly obsService: string;
  readonly obsServiceValue: string;
  readonly obsServer: string;
  readonly obsStreamKey: string;
  readonly obsStreamKeyHelp: string;
  readonly obsStep3: string;
  readonly watchAt: string;
  readonly copy: string;
  readonly copied: string;
  readonly channelCount: (n: number) => string;
  readonly watchChannel: (channel: string) => string;

  // Account pages (login, sign-up, dashboard, settings)
  readonly logIn: string;
  readonly logOut: string;
  readonly signUp: string;
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly passwordHelp: string;
  readonly usernameHelp: string;
  readonly noAccountYet: string;
  readonly haveAccount: string;
  readonly wrongLogin: string;
  readonly tooManyLogins: string;
  readonly somethingFailed: string;
  readonly dashboard: string;
  readonly settings: string;
  readonly yourChannel: string;
  readonly streamKeyTitle: string;
  readonly streamKeySecret: string;
  readonly showKey: string;
  readonly hideKey: string;
  readonly rotateKey: string;
  readonly rotateConfirm: string;
  readonly keyRotated: string;
  readonly obsSetupTitle: string;
  readonly obsSetupStep1: string;
  readonly obsSetupStep2: string;
  readonly obsSetupStep3: string;
  readonly obsSetupStep4: string;
  readonly streamInfoTitle: string;
  readonly title: string;
  readonly category: string;
  readonly tags: string;
  readonly tagsHelp: string;
  readonly language: string;
  readonly goLiveText: string;
  readonly save: string;
  readonly saved: string;
  readonly ingestTitle: string;
  readonly ingestOffline: string;
  readonly ingestLive: string;
  readonly bitrate: string;
  readonly framerate: string;
  readonly keyframeInterval: string;
  readonly keyframeWarning: (seconds: string) => string;
  readonly tokensTitle: string;
  readonly tokensIntro: string;
  readonly tokenName: string;
  readonly createToken: string;
  readonly tokenCreated: string;
  readonly revoke: string;
  readonly noTokens: string;
  readonly tokenLastUsed: (when: string) => string;
  readonly tokenNeverUsed: string;
  readonly watchYourChannel: string;

  // Time
  readonly justNow: string;
}

const en: Strings = {
  locale: 'en',
  appName: 'Onair',
  skipToPlayer: 'Skip to the player',
  pageTitle: (subject) => `${subject} · Onair`,

  live: 'LIVE',
  unmute: 'Unmute',
  latency: (seconds) => `${seconds.toFixed(1)} s behind live`,
  quality: 'Quality',
  qualityAuto: 'Auto',
  playerEngine: 'Player',
  play: 'Play',
  starting: 'Starting the stream…',
  buffering: 'Buffering…',
  reconnecting: 'Connection lost. Reconnecting…',
  pressPlay: 'Press play to start watching.',
  offlineTitle: (channel) => `${channel} is offline`,
  offlineDetail: 'This page starts playing by itself when the stream begins.',
  lastLive: (ago) => `Last live ${ago}.`,
  nowLive: (channel) => `${channel} is live.`,
  nowPlaying: (channel) => `Playing ${channel}.`,
  streamEnded: (channel) => `${channel} is offline.`,
  noSuchChannel: 'No such channel',
  noSuchChannelDetail: (channel) => `There is no channel called “${channel}” on this server.`,
  invalidChannel: 'No such channel',
  invalidChannelDetail:
    'Channel names are 1 to 32 characters of lower-case letters, digits, “-” and “_”.',
  serverUnreachable: 'Can’t reach the server',
  retrying: 'Trying again in a few seconds…',
  playbackFailed: 'The stream can’t be played right now',
  unsupportedBrowser: 'This browser can’t play the stream',
  unsupportedBrowserDetail: 'Try a current version of Chrome, Edge, Firefox or Safari.',
  statsLine: (width, height, fps, bitrate) =>
    [`${width}×${height}`, fps, bitrate].filter((part) => part !== '').join(' · '),
  fps: (fps) => `${fps}\u00a0fps`,
  liveFor: (duration) => `live for ${duration}`,
  playerLabel: (channel) => `Live video of ${channel}`,

  liveNow: 'Live now',
  loadingChannels: 'Loading channels…',
  nobodyLive: 'Nobody is live right now.',
  goLiveTitle: 'Go live with OBS',
  goLiveIntro: 'In OBS Studio, open Settings → Stream and enter:',
  obsService: 'Service',
  obsServiceValue: 'Custom…',
  obsServer: 'Server',
  obsStreamKey: 'Stream key',
  obsStreamKeyHelp:
    'The key of your channel from the server’s configuration (onair.ingest.keys), ' +
    'or the generated one in stream-keys.properties in the server’s data directory.',
  obsStep3: 'Then press “Start Streaming”: your channel shows up here within a few seconds.',
  watchAt: 'Viewers watch it at',
  copy: 'Copy',
  copied: 'Copied',
  channelCount: (n) => (n === 1 ? '1 channel is live.' : `${n} channels are live.`),
  watchChannel: (channel) => `Watch ${channel}`,

  logIn: 'Log in',
  logOut: 'Log out',
  signUp: 'Sign up',
  username: 'Username',
  email: 'E-mail',
  password: 'Password',
  passwordHelp: 'At least 10 characters.',
  usernameHelp: 'Also your channel’s address: 3 to 32 lower-case letters, digits, “-” or “_”.',
  noAccountYet: 'No account yet?',
  haveAccount: 'Already have an account?',
  wrongLogin: 'Wrong username or password.',
  tooManyLogins: 'Too many failed attempts. Try again later.',
  somethingFailed: 'Something went wrong. Try again.',
  dashboard: 'Dashboard',
  settings: 'Settings',
  yourChannel: 'Your channel',
  streamKeyTitle: 'Stream key',
  streamKeySecret: 'Anyone with this key can stream to your channel. Never show it on stream.',
  showKey: 'Show',
  hideKey: 'Hide',
  rotateKey: 'New key',
  rotateConfirm: 'Make a new stream key? The current one stops working for new streams at once.',
  keyRotated: 'New key made. Paste it into OBS before you go live again.',
  obsSetupTitle: 'Set up OBS',
  obsSetupStep1: 'In OBS Studio, open Settings → Stream and choose Service: Custom…',
  obsSetupStep2: 'Server:',
  obsSetupStep3: 'Stream key: the key above.',
  obsSetupStep4: 'Settings → Output: H.264 video, AAC audio, keyframe interval 2 s. Then “Start Streaming”.',
  streamInfoTitle: 'Stream info',
  title: 'Title',
  category: 'Category',
  tags: 'Tags',
  tagsHelp: 'Up to 10, separated by commas.',
  language: 'Language',
  goLiveText: 'Go-live notification',
  save: 'Save',
  saved: 'Saved.',
  ingestTitle: 'Stream health',
  ingestOffline: 'Not receiving a stream.',
  ingestLive: 'Receiving your stream.',
  bitrate: 'Bitrate',
  framerate: 'Frame rate',
  keyframeInterval: 'Keyframe interval',
  keyframeWarning: (seconds) =>
    `Keyframe interval is ${seconds} s: set it to 2 s in OBS (Settings → Output) for shorter delay.`,
  tokensTitle: 'Access tokens',
  tokensIntro: 'For scripts and bots: send “Authorization: Bearer <token>” with API calls.',
  tokenName: 'Token name',
  createToken: 'Create token',
  tokenCreated: 'Copy this token now: it is shown only once.',
  revoke: 'Revoke',
  noTokens: 'No tokens.',
  tokenLastUsed: (when) => `last used ${when}`,
  tokenNeverUsed: 'never used',
  watchYourChannel: 'Watch your channel',

  justNow: 'just now',
};

const catalogues: Readonly<Record<string, Strings>> = { en };

function pick(languages: readonly string[]): Strings {
  for (const tag of languages) {
    const exact = catalogues[tag.toLowerCase()];
    if (exact) return exact;
    const base = catalogues[tag.toLowerCase().split('-')[0] ?? ''];
    if (base) return base;
  }
  return en;
}

/** The catalogue for the browser's preferred language, English when there is none. */
export const strings: Strings = pick(
  typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language],
);

type StaticKey = {
  [K in keyof Strings]: Strings[K] extends string ? K : never;
}[keyof Strings];

function isStaticKey(key: string): key is StaticKey {
  return key in strings && typeof strings[key as keyof Strings] === 'string';
}

/** Fills every `[data-i18n]` element's text (and `[data-i18n-label]`'s aria-label) from the catalogue. */
export function applyStaticStrings(root: ParentNode = document): void {
  document.documentElement.lang = strings.locale;
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset['i18n'] ?? '';
    if (isStaticKey(key)) el.textContent = strings[key];
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const key = el.dataset['i18nLabel'] ?? '';
    if (isStaticKey(key)) el.setAttribute('aria-label', strings[key]);
  }
}

/** "5 minutes ago", "2 hours ago", "just now": how long ago `then` was, in the catalogue's language. */
export function timeAgo(then: Date, now: Date = new Date()): string {
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 60) return strings.justNow;
  const rtf = new Intl.RelativeTimeFormat(strings.locale, { numeric: 'always' });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.floor(hours / 24), 'day');
}

/** "12 minutes", "2 hours": a duration in the catalogue's language; null under a minute. */
export function duration(fromDate: Date, now: Date = new Date()): string | null {
  const minutes = Math.floor((now.getTime() - fromDate.getTime()) / 60000);
  if (minutes < 1) return null;
  const unit = (value: number, name: 'minute' | 'hour' | 'day'): string =>
    new Intl.NumberFormat(strings.locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return unit(hours, 'hour');
  return unit(Math.floor(hours / 24), 'day');
}
