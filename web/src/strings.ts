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

  // Live rewind and clips (watch page, issue 7)
  readonly rewind10: string;
  readonly rewind30: string;
  readonly forward10: string;
  readonly rewind10Label: string;
  readonly rewind30Label: string;
  readonly forward10Label: string;
  readonly dvrSeekLabel: string;
  readonly goLive: string;
  readonly rewinding: string;
  /** The line under the player while rewound, in place of the latency: "0:32 behind live". */
  readonly rewoundBehind: (time: string) => string;
  readonly watchReplay: string;
  readonly broadcastEnded: string;
  readonly clip: string;
  readonly clipLength: string;
  readonly clipCreate: string;
  readonly clipCreated: string;
  readonly clipLiveHint: string;
  readonly clipRewoundHint: string;
  readonly clipLengthRange: string;
  readonly clipFailed: string;
  readonly cancel: string;

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
  readonly obsStreamKeyAccount: string;
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
  readonly account: string;
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
  readonly embedTitle: string;
  readonly embedIntro: string;
  readonly chatOverlayIntro: string;
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
  readonly renditions: (list: string) => string;
  readonly renditionDropped: (rendition: string, reason: string) => string;
  readonly tokensTitle: string;
  readonly tokensIntro: string;
  readonly tokenName: string;
  readonly createToken: string;
  readonly tokenCreated: string;
  readonly revoke: string;
  readonly noTokens: string;
  readonly tokenLastUsed: (when: string) => string;
  readonly tokenNeverUsed: string;
  readonly passwordTitle: string;
  readonly passwordIntro: string;
  readonly currentPassword: string;
  readonly newPassword: string;
  readonly changePassword: string;
  readonly passwordChanged: (otherSessions: number) => string;
  readonly deleteAccountTitle: string;
  readonly deleteAccountIntro: string;
  readonly deleteConfirmName: string;
  readonly deleteConfirmMismatch: string;
  readonly deleteAccount: string;

  // Site admins' page (/admin)
  readonly siteAdmin: string;
  readonly notSiteAdmin: string;
  readonly accountsTitle: string;
  readonly unclaimedPaymentsTitle: string;
  readonly unclaimedPaymentsHelp: string;
  readonly noUnclaimedPayments: string;
  readonly searchAccounts: string;
  readonly suspendedOnly: string;
  readonly searchButton: string;
  readonly noAccounts: string;
  readonly moreAccounts: string;
  readonly joined: (when: string) => string;
  readonly suspendedSince: (when: string) => string;
  readonly liftSuspension: string;
  readonly suspensionLifted: (user: string) => string;
  readonly deleteAccountConfirm: (user: string) => string;
  readonly accountDeleted: (user: string) => string;
  readonly passwordResetLink: string;
  readonly passwordResetIssued: (user: string, until: string) => string;
  readonly forgotPassword: string;
  readonly setNewPassword: string;
  readonly resetLinkIncomplete: string;
  readonly watchYourChannel: string;

  // Support: subscriptions, donations, the alerts overlay (issue 6)
  /** Shown wherever a payment of the test-mode provider appears: no money moves. */
  readonly testMode: string;
  readonly webhooksTitle: string;
  readonly webhooksIntro: string;
  readonly webhookUrl: string;
  readonly addWebhook: string;
  readonly deleteWebhook: string;
  readonly webhookSecret: string;
  readonly webhookFormat: string;
  readonly operatorChannelsTitle: string;
  readonly operatorChannelsHelp: string;
  readonly operatorChannel: string;
  readonly webhookFormatOnair: string;
  readonly webhookFormatDiscord: string;
  readonly webhookFormatSlack: string;
  readonly webhookEvents: string;
  readonly webhookNoEvents: string;
  readonly eventStreamOnline: string;
  readonly eventStreamOffline: string;
  readonly eventFollow: string;
  readonly eventSubscription: string;
  readonly eventDonation: string;

  // Restream: the live stream pushed on to other RTMP servers (Twitch, YouTube…)
  readonly restreamTitle: string;
  readonly restreamIntro: string;
  readonly restreamName: string;
  readonly restreamUrl: string;
  readonly restreamKey: string;
  readonly addRestream: string;
  readonly restreamOn: string;
  /** The state of a destination: offline, disabled, connecting, live (with kbit/s), retrying (with the reason). */
  readonly restreamState: (state: string, kbps: number, detail: string) => string;

  // Uploads (issue 7): video files transcoded into replays
  readonly uploadsTitle: string;
  /** "Upload a video (MP4, MOV or MKV, up to 4 GB)…" */
  readonly uploadsIntro: (maxSize: string) => string;
  readonly uploadFile: string;
  readonly uploadTitle: string;
  readonly uploadButton: string;
  readonly uploadChooseFile: string;
  readonly uploadSending: (percent: string) => string;
  readonly uploadTooLarge: (maxSize: string) => string;
  readonly uploadAccepted: string;
  readonly uploadFailed: string;
  /** A job's state, with the transcoding progress while it runs. */
  readonly uploadState: (state: string, percent: string) => string;
  readonly uploadWatch: string;
  readonly uploadCancel: string;
  readonly uploadRemove: string;
  readonly uploadCancelConfirm: (name: string) => string;
  readonly noUploads: string;
  readonly deliveriesTitle: string;
  readonly chatSubscribersOnlyLabel: string;
  readonly subscriberBadge: string;
  readonly chatRejectSubscribersOnly: string;
  readonly subscribe: string;
  readonly donate: string;
  readonly donationAmount: string;
  readonly donationMessage: string;
  readonly donationSent: string;
  readonly subscribedUntil: (date: string) => string;
  readonly tierOption: (name: string, price: string) => string;
  readonly donatedInChat: (user: string, amount: string) => string;
  readonly alertFollow: (user: string) => string;
  readonly alertSubscription: (user: string) => string;
  readonly alertDonation: (user: string, amount: string) => string;
  readonly overlayReplaced: string;
  readonly supportTitle: string;
  readonly currency: string;
  readonly donationMin: string;
  readonly donationMax: string;
  readonly tierName: (n: number) => string;
  readonly tierPrice: (n: number) => string;
  readonly overlayTitle: string;
  readonly overlayIntro: string;
  readonly rotateOverlay: string;
  readonly sendTestAlert: string;
  readonly testAlertSent: string;
  readonly overlayMuted: string;
  readonly alertMinAmount: string;
  readonly ttsMinAmount: string;
  readonly activityTitle: string;
  readonly totals: (followers: number, subscribers: number, donations: string) => string;
  readonly noActivity: string;

  // Live info, viewers, follow and chat (watch page)
  readonly viewers: (n: number) => string;
  readonly follow: string;
  readonly unfollow: string;
  readonly followers: (n: number) => string;
  readonly chat: string;
  readonly chatPlaceholder: string;
  readonly chatSend: string;
  readonly chatLogInToWrite: string;
  readonly newHereSignUp: string;
  readonly chatNoChat: string;
  readonly chatConnecting: string;
  readonly chatReconnecting: string;
  readonly chatWentLive: (channel: string) => string;
  readonly chatWentOffline: (channel: string) => string;
  readonly chatDelete: string;
  readonly chatTimeOut: string;
  readonly chatBan: string;
  readonly suspendAccount: string;
  readonly suspendAccountPrompt: (user: string) => string;
  readonly accountSuspended: (user: string) => string;
  readonly chatTimedOutNotice: (user: string, seconds: number) => string;
  readonly chatBannedNotice: (user: string) => string;
  readonly chatUnbannedNotice: (user: string) => string;
  readonly chatBannedUsers: string;
  readonly chatNoBans: string;
  readonly chatUnban: string;
  readonly chatBanUntil: (time: string) => string;
  readonly chatSlowModeOn: (seconds: number) => string;
  readonly chatFollowersOnlyOn: string;
  readonly chatModesOff: string;
  readonly chatSlowModeLabel: string;
  readonly chatOff: string;
  readonly chatFollowersOnlyLabel: string;
  readonly chatRejectEmpty: string;
  readonly chatRejectTooLong: (max: number) => string;
  readonly chatRejectInvalid: string;
  readonly chatRejectLogIn: string;
  readonly chatRejectBanned: string;
  readonly chatRejectTimedOut: (seconds: number) => string;
  readonly chatRejectFollowersOnly: string;
  readonly chatRejectSlowMode: (seconds: number) => string;
  readonly chatRejectRateLimited: (seconds: number) => string;
  readonly chatRejectFailed: string;
  readonly chatTooSlow: string;

  // Directory (home page)
  readonly searchLabel: string;
  readonly searchPlaceholder: string;
  readonly allCategories: string;
  readonly noMatches: string;
  readonly thumbnailOf: (channel: string) => string;

  // Replays and clips (issue 7): the replay and clip pages, the channel page's videos, the dashboard's Replays
  readonly videos: string;
  readonly pastBroadcasts: string;
  readonly clips: string;
  readonly untitledReplay: (channel: string, date: string) => string;
  readonly untitledClip: string;
  readonly replayOf: (title: string) => string;
  readonly clipOf: (title: string) => string;
  readonly streamedOn: (date: string) => string;
  readonly uploadedOn: (date: string) => string;
  readonly replayStillLive: string;
  readonly replayIncomplete: string;
  readonly loadingVideo: string;
  readonly noSuchVideo: string;
  readonly noSuchVideoDetail: string;
  readonly noSuchClip: string;
  readonly noSuchClipDetail: string;
  readonly videoFailed: string;
  readonly retryLater: string;
  readonly seekLabel: string;
  readonly downloadMp4: string;
  readonly downloadPreparing: string;
  readonly downloadFailed: string;
  readonly chatReplay: string;
  readonly chatReplayEmpty: string;
  readonly makeClip: string;
  readonly clipStart: string;
  readonly createClip: string;
  readonly logInToClip: string;
  readonly clippedBy: (user: string, date: string) => string;
  readonly watchFullVideo: string;
  readonly watchAgain: string;
  readonly loop: string;
  readonly share: string;
  readonly deleteClip: string;
  readonly deleteClipConfirm: string;
  readonly clipDeleted: string;
  readonly replaysTitle: string;
  readonly noReplays: string;
  readonly hiddenBadge: string;
  readonly incompleteBadge: string;
  readonly rename: string;
  readonly watch: string;
  readonly hide: string;
  readonly unhide: string;
  readonly deleteReplay: string;
  readonly deleteReplayConfirm: (title: string) => string;
  readonly replayDeleted: string;
  readonly storageUse: (size: string, replays: number) => string;
  readonly storageLimit: (size: string) => string;
  readonly storageRetention: (days: number) => string;
  readonly storageKeptForever: string;

  // Language switch (header)
  readonly interfaceLanguage: string;

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

  rewind10: '−10 s',
  rewind30: '−30 s',
  forward10: '+10 s',
  rewind10Label: 'Rewind 10 seconds',
  rewind30Label: 'Rewind 30 seconds',
  forward10Label: 'Forward 10 seconds',
  dvrSeekLabel: 'Position in the broadcast',
  goLive: 'Go live',
  rewinding: 'Rewinding…',
  rewoundBehind: (time) => `Rewound: ${time} behind live`,
  watchReplay: 'Watch the replay',
  broadcastEnded: 'The broadcast ended.',
  clip: 'Clip',
  clipLength: 'Length (seconds)',
  clipCreate: 'Create clip',
  clipCreated: 'Clip created:',
  clipLiveHint: 'Clips the last seconds of the live stream.',
  clipRewoundHint: 'Clips the seconds before the moment you are watching.',
  clipLengthRange: 'A clip is 5 to 60 seconds long.',
  clipFailed: 'The clip could not be made. Try again.',
  cancel: 'Cancel',

  liveNow: 'Live now',
  loadingChannels: 'Loading channels…',
  nobodyLive: 'Nobody is live right now.',
  goLiveTitle: 'Go live with OBS',
  goLiveIntro: 'In OBS Studio, open Settings → Stream and enter:',
  obsService: 'Service',
  obsServiceValue: 'Custom…',
  obsServer: 'Server',
  obsStreamKey: 'Stream key',
  obsStreamKeyAccount: '— your dashboard shows your channel’s key.',
  obsStreamKeyHelp:
    'On a server of your own without accounts: the key from its configuration (onair.ingest.keys), ' +
    'or the generated one in stream-keys.properties in its data directory.',
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
  account: 'Account',
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
  embedTitle: 'Embed on your site',
  embedIntro: 'Paste this into a page of your site: your stream plays there, with a link back to your channel.',
  chatOverlayIntro: 'Your chat over the stream: add this URL as a Browser Source in OBS (transparent; the chat beside an embedded player without ?overlay).',
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
  renditions: (list) => `Viewers can choose: source${list === '' ? '' : `, ${list}`}`,
  renditionDropped: (rendition, reason) => `${rendition} is not offered: ${reason}`,
  tokensTitle: 'Access tokens',
  tokensIntro: 'For scripts and bots: send “Authorization: Bearer <token>” with API calls.',
  tokenName: 'Token name',
  createToken: 'Create token',
  tokenCreated: 'Copy this token now: it is shown only once.',
  revoke: 'Revoke',
  noTokens: 'No tokens.',
  tokenLastUsed: (when) => `last used ${when}`,
  tokenNeverUsed: 'never used',
  passwordTitle: 'Password',
  passwordIntro: 'Changing it logs you out everywhere else. Access tokens keep working: revoke them above.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  changePassword: 'Change password',
  passwordChanged: (n) => n === 0 ? 'Password changed.'
    : `Password changed. ${n} other ${n === 1 ? 'session was' : 'sessions were'} logged out.`,
  deleteAccountTitle: 'Delete account',
  deleteAccountIntro: 'This cannot be undone. Your channel goes with its stream key, replays, clips, chat, followers and subscribers; your chat messages, follows, subscriptions and access tokens go too, and you are logged out everywhere. Your username stays reserved so nobody can pose as you; payments you made stay on the receiving channels’ records, without their messages.',
  deleteConfirmName: 'Your username, to confirm',
  deleteConfirmMismatch: 'does not match your username',
  deleteAccount: 'Delete account',
  siteAdmin: 'Site admin',
  notSiteAdmin: 'Only site admins (onair.admin.usernames) can use this page.',
  accountsTitle: 'Accounts',
  unclaimedPaymentsTitle: 'Unclaimed payments',
  unclaimedPaymentsHelp:
    'Payments that went through after the channel they were for had been deleted. Nobody received them: refund each '
    + 'with the payment processor, by the id shown.',
  noUnclaimedPayments: 'None: every payment reached its channel.',
  searchAccounts: 'Username or e-mail',
  suspendedOnly: 'Suspended only',
  searchButton: 'Search',
  noAccounts: 'No accounts match.',
  moreAccounts: 'More',
  joined: (when) => `joined ${when}`,
  suspendedSince: (when) => `suspended ${when}`,
  liftSuspension: 'Lift suspension',
  suspensionLifted: (user) => `${user}'s suspension is lifted.`,
  deleteAccountConfirm: (user) => `Delete ${user}'s account? Their channel, replays, clips and chat messages go for good; the name stays reserved.`,
  accountDeleted: (user) => `${user}'s account is deleted.`,
  passwordResetLink: 'Password reset link',
  passwordResetIssued: (user, until) => `A link that sets a new password for ${user}, once, until ${until}. Hand it to them privately; it replaces any earlier link.`,
  forgotPassword: 'Forgot your password? Ask a site admin for a reset link.',
  setNewPassword: 'Set a new password',
  resetLinkIncomplete: 'This link is incomplete. Open the whole link you were given, or ask a site admin for a new one.',
  watchYourChannel: 'Watch your channel',
  testMode: 'TEST MODE',
  webhooksTitle: 'Webhooks',
  webhooksIntro: 'Onair POSTs stream.online, stream.offline, follow, subscription and donation events to these URLs, signed with each webhook’s secret (Onair-Signature header). For a Discord or Slack channel, paste its incoming-webhook URL and choose its message: a go-live post with your title and a link to your channel.',
  webhookUrl: 'URL',
  addWebhook: 'Add webhook',
  deleteWebhook: 'Delete',
  webhookSecret: 'secret',
  webhookFormat: 'Sends',
  operatorChannelsTitle: 'The server’s channels',
  operatorChannelsHelp: 'Channels of the stream keys in the server’s configuration (onair.ingest.keys). No account owns them, so site admins keep their title and details here.',
  operatorChannel: 'Channel',
  webhookFormatOnair: 'Onair events (JSON, signed)',
  webhookFormatDiscord: 'Discord message',
  webhookFormatSlack: 'Slack message',
  webhookEvents: 'Events',
  webhookNoEvents: 'Choose at least one event.',
  eventStreamOnline: 'Stream starts',
  eventStreamOffline: 'Stream ends',
  eventFollow: 'Follow',
  eventSubscription: 'Subscription',
  eventDonation: 'Donation',
  restreamTitle: 'Restream',
  restreamIntro: 'While you are live, Onair sends your stream on to these servers too (Twitch, YouTube, another Onair…), as OBS would, from this server’s connection. Use the server address and stream key each service gives you.',
  restreamName: 'Name',
  restreamUrl: 'Server',
  restreamKey: 'Stream key',
  addRestream: 'Add destination',
  restreamOn: 'On',
  restreamState: (state, kbps, detail) => {
    switch (state) {
      case 'live': return `Sending (${kbps.toLocaleString('en')} kbps)`;
      case 'connecting': return 'Connecting…';
      case 'retrying': return `Failed: ${detail}. Trying again soon.`;
      case 'disabled': return 'Off';
      default: return 'Starts when you go live';
    }
  },
  uploadsTitle: 'Uploads',
  uploadsIntro: (maxSize) =>
    `Upload a video (MP4, MOV or MKV, up to ${maxSize}). It is transcoded into the same qualities as your broadcasts and becomes one of your videos.`,
  uploadFile: 'Video file',
  uploadTitle: 'Title (optional)',
  uploadButton: 'Upload',
  uploadChooseFile: 'Choose a video file first.',
  uploadSending: (percent) => `Uploading… ${percent}`,
  uploadTooLarge: (maxSize) => `This file is larger than the ${maxSize} limit.`,
  uploadAccepted: 'Uploaded. It is transcoded next; this list shows how far it got.',
  uploadFailed: 'The upload failed. Check your connection and try again.',
  uploadState: (state, percent) =>
    state === 'queued' ? 'Waiting' : state === 'running' ? `Transcoding ${percent}` : state === 'done' ? 'Ready' : 'Failed',
  uploadWatch: 'Watch',
  uploadCancel: 'Cancel',
  uploadRemove: 'Remove from list',
  uploadCancelConfirm: (name) => `Stop processing ${name}? Everything made of it so far is deleted.`,
  noUploads: 'No uploads yet.',
  deliveriesTitle: 'Deliveries',
  chatSubscribersOnlyLabel: 'Subscribers-only chat',
  subscriberBadge: 'SUB',
  chatRejectSubscribersOnly: 'Subscribers-only chat: subscribe to write.',
  subscribe: 'Subscribe',
  donate: 'Donate',
  donationAmount: 'Amount',
  donationMessage: 'Message',
  donationSent: 'Thank you! Your donation was sent.',
  subscribedUntil: (date) => `Subscribed until ${date}`,
  tierOption: (name, price) => `${name} · ${price} a month`,
  donatedInChat: (user, amount) => `${user} donated ${amount}`,
  alertFollow: (user) => `${user} followed!`,
  alertSubscription: (user) => `${user} subscribed!`,
  alertDonation: (user, amount) => `${user} donated ${amount}!`,
  overlayReplaced: 'This overlay URL was replaced: copy the new one from the dashboard.',
  supportTitle: 'Subscriptions and donations',
  currency: 'Currency',
  donationMin: 'Smallest donation',
  donationMax: 'Largest donation',
  tierName: (n) => `Tier ${n} name`,
  tierPrice: (n) => `Tier ${n} price a month`,
  overlayTitle: 'Alerts overlay',
  overlayIntro: 'Add this URL to OBS as a Browser Source (800 × 600). Keep it secret: anyone with it sees your alerts.',
  rotateOverlay: 'New URL',
  sendTestAlert: 'Send test alert',
  testAlertSent: 'Test alert sent.',
  overlayMuted: 'Do not read messages aloud',
  alertMinAmount: 'Smallest donation that makes an alert',
  ttsMinAmount: 'Smallest donation read aloud',
  activityTitle: 'Activity (last 30 days)',
  totals: (followers, subscribers, donations) =>
    `${followers.toLocaleString('en')} followers · ${subscribers.toLocaleString('en')} subscribers · ${donations} donated`,
  noActivity: 'Nothing yet.',

  viewers: (n) => (n === 1 ? '1 viewer' : `${n.toLocaleString('en')} viewers`),
  follow: 'Follow',
  unfollow: 'Unfollow',
  followers: (n) => (n === 1 ? '1 follower' : `${n.toLocaleString('en')} followers`),
  chat: 'Chat',
  chatPlaceholder: 'Send a message',
  chatSend: 'Send',
  chatLogInToWrite: 'Log in to chat',
  newHereSignUp: 'New here? Sign up',
  chatNoChat: 'This channel has no chat.',
  chatConnecting: 'Connecting to the chat…',
  chatReconnecting: 'Chat disconnected. Reconnecting…',
  chatWentLive: (channel) => `${channel} went live.`,
  chatWentOffline: (channel) => `${channel} went offline.`,
  chatDelete: 'Delete',
  chatTimeOut: 'Time out (10 min)',
  chatBan: 'Ban',
  suspendAccount: 'Suspend account',
  suspendAccountPrompt: (user) => `Suspend ${user}'s account on this site? They cannot log in, stream or chat until an admin lifts it. Reason (for the admins):`,
  accountSuspended: (user) => `${user}'s account is suspended.`,
  chatTimedOutNotice: (user, seconds) => `${user} was timed out for ${seconds} s.`,
  chatBannedNotice: (user) => `${user} was banned.`,
  chatUnbannedNotice: (user) => `${user} may chat again.`,
  chatBannedUsers: 'Banned and timed-out users',
  chatNoBans: 'Nobody is banned.',
  chatUnban: 'Unban',
  chatBanUntil: (time) => `until ${time}`,
  chatSlowModeOn: (seconds) => `Slow mode: one message every ${seconds} s.`,
  chatFollowersOnlyOn: 'Followers-only chat.',
  chatModesOff: 'Slow mode and followers-only are off.',
  chatSlowModeLabel: 'Slow mode',
  chatOff: 'Off',
  chatFollowersOnlyLabel: 'Followers only',
  chatRejectEmpty: 'The message is empty.',
  chatRejectTooLong: (max) => `Messages are at most ${max} characters.`,
  chatRejectInvalid: 'The message contains characters that cannot be sent.',
  chatRejectLogIn: 'Log in to chat.',
  chatRejectBanned: 'You are banned from this chat.',
  chatRejectTimedOut: (seconds) => `You are timed out for ${seconds} more seconds.`,
  chatRejectFollowersOnly: 'Followers-only chat: follow the channel to write.',
  chatRejectSlowMode: (seconds) => `Slow mode: wait ${seconds} s.`,
  chatRejectRateLimited: (seconds) => `You are sending messages too fast: wait ${seconds} s.`,
  chatRejectFailed: 'The message could not be sent.',
  chatTooSlow: 'The connection fell behind; reconnected.',

  searchLabel: 'Search live channels',
  searchPlaceholder: 'Channel or title',
  allCategories: 'All categories',
  noMatches: 'No live channel matches.',
  thumbnailOf: (channel) => `Picture of ${channel}’s stream`,

  videos: 'Videos',
  pastBroadcasts: 'Past broadcasts',
  clips: 'Clips',
  untitledReplay: (channel, date) => (date === '' ? channel : `${channel} · ${date}`),
  untitledClip: 'Untitled clip',
  replayOf: (title) => `Video: ${title}`,
  clipOf: (title) => `Clip: ${title}`,
  streamedOn: (date) => `Streamed ${date}`,
  uploadedOn: (date) => `Uploaded ${date}`,
  replayStillLive: 'Still live: this is the recording so far.',
  replayIncomplete: 'Parts of this recording are missing.',
  loadingVideo: 'Loading the video…',
  noSuchVideo: 'No such video',
  noSuchVideoDetail: 'It may have been deleted or made private.',
  noSuchClip: 'No such clip',
  noSuchClipDetail: 'It may have been deleted.',
  videoFailed: 'The video can’t be played right now',
  retryLater: 'Try again in a moment.',
  seekLabel: 'Seek',
  downloadMp4: 'Download MP4',
  downloadPreparing: 'Preparing the download…',
  downloadFailed: 'The download isn’t ready. Try again later.',
  chatReplay: 'Chat replay',
  chatReplayEmpty: 'Nobody has chatted yet at this point.',
  makeClip: 'Make a clip',
  clipStart: 'From',
  createClip: 'Create clip',
  logInToClip: 'Log in to make clips',
  clippedBy: (user, date) => (date === '' ? `Clipped by ${user}` : `Clipped by ${user} · ${date}`),
  watchFullVideo: 'Watch the full video',
  watchAgain: 'Watch again',
  loop: 'Loop',
  share: 'Share',
  deleteClip: 'Delete clip',
  deleteClipConfirm: 'Delete this clip for good?',
  clipDeleted: 'The clip was deleted.',
  replaysTitle: 'Replays',
  noReplays: 'No replays yet: every broadcast is recorded and shows up here.',
  hiddenBadge: 'HIDDEN',
  incompleteBadge: 'INCOMPLETE',
  rename: 'Rename',
  watch: 'Watch',
  hide: 'Hide',
  unhide: 'Make visible',
  deleteReplay: 'Delete',
  deleteReplayConfirm: (title) => `Delete “${title}” for good? Clips made from it keep playing.`,
  replayDeleted: 'Replay deleted.',
  storageUse: (size, replays) => `${size} in ${replays === 1 ? '1 replay' : `${replays.toLocaleString('en')} replays`}`,
  storageLimit: (size) => `limit ${size}`,
  storageRetention: (days) => `replays are deleted after ${days} ${days === 1 ? 'day' : 'days'}`,
  storageKeptForever: 'replays are kept until you delete them',

  interfaceLanguage: 'Language',

  justNow: 'just now',
};

/**
 * Korean. Every key of {@link Strings} must be here (the type check fails otherwise): a new English string needs
 * its Korean beside it.
 */
const ko: Strings = {
  locale: 'ko',
  appName: 'Onair',
  skipToPlayer: '플레이어로 건너뛰기',
  pageTitle: (subject) => `${subject} · Onair`,

  live: 'LIVE',
  unmute: '음소거 해제',
  latency: (seconds) => `실시간보다 ${seconds.toFixed(1)}초 늦음`,
  quality: '화질',
  qualityAuto: '자동',
  playerEngine: '플레이어',
  play: '재생',
  starting: '방송을 불러오는 중…',
  buffering: '버퍼링 중…',
  reconnecting: '연결이 끊어졌습니다. 다시 연결하는 중…',
  pressPlay: '재생 버튼을 눌러 시청을 시작하세요.',
  offlineTitle: (channel) => `${channel} 님은 지금 오프라인입니다`,
  offlineDetail: '방송이 시작되면 이 페이지에서 자동으로 재생됩니다.',
  lastLive: (ago) => `마지막 방송: ${ago}.`,
  nowLive: (channel) => `${channel} 님이 방송 중입니다.`,
  nowPlaying: (channel) => `${channel} 재생 중.`,
  streamEnded: (channel) => `${channel} 님의 방송이 끝났습니다.`,
  noSuchChannel: '채널을 찾을 수 없습니다',
  noSuchChannelDetail: (channel) => `이 서버에는 “${channel}” 채널이 없습니다.`,
  invalidChannel: '채널을 찾을 수 없습니다',
  invalidChannelDetail: '채널 이름은 영문 소문자, 숫자, “-”, “_”로 된 1~32자입니다.',
  serverUnreachable: '서버에 연결할 수 없습니다',
  retrying: '잠시 후 다시 시도합니다…',
  playbackFailed: '지금은 방송을 재생할 수 없습니다',
  unsupportedBrowser: '이 브라우저에서는 방송을 재생할 수 없습니다',
  unsupportedBrowserDetail: '최신 버전의 Chrome, Edge, Firefox 또는 Safari를 사용해 보세요.',
  statsLine: (width, height, fps, bitrate) =>
    [`${width}×${height}`, fps, bitrate].filter((part) => part !== '').join(' · '),
  fps: (fps) => `${fps}\u00a0fps`,
  liveFor: (duration) => `${duration}째 방송 중`,
  playerLabel: (channel) => `${channel}의 라이브 영상`,

  rewind10: '−10초',
  rewind30: '−30초',
  forward10: '+10초',
  rewind10Label: '10초 되감기',
  rewind30Label: '30초 되감기',
  forward10Label: '10초 앞으로',
  dvrSeekLabel: '방송 재생 위치',
  goLive: '실시간으로',
  rewinding: '되감는 중…',
  rewoundBehind: (time) => `되감기: 실시간보다 ${time} 늦음`,
  watchReplay: '다시보기',
  broadcastEnded: '방송이 끝났습니다.',
  clip: '클립',
  clipLength: '길이(초)',
  clipCreate: '클립 만들기',
  clipCreated: '클립을 만들었습니다:',
  clipLiveHint: '생방송의 마지막 몇 초를 클립으로 만듭니다.',
  clipRewoundHint: '지금 보고 있는 장면 직전 몇 초를 클립으로 만듭니다.',
  clipLengthRange: '클립 길이는 5~60초입니다.',
  clipFailed: '클립을 만들지 못했습니다. 다시 시도하세요.',
  cancel: '취소',

  liveNow: '지금 방송 중',
  loadingChannels: '채널을 불러오는 중…',
  nobodyLive: '지금 방송 중인 채널이 없습니다.',
  goLiveTitle: 'OBS로 방송하기',
  goLiveIntro: 'OBS Studio에서 설정 → 방송을 열고 다음을 입력하세요:',
  obsService: '서비스',
  obsServiceValue: '사용자 지정…',
  obsServer: '서버',
  obsStreamKey: '스트림 키',
  obsStreamKeyAccount: '— 대시보드에서 채널의 키를 볼 수 있습니다.',
  obsStreamKeyHelp:
    '계정 없이 직접 운영하는 서버라면 서버 설정(onair.ingest.keys)의 키, 또는 데이터 디렉터리의 stream-keys.properties에 생성된 키입니다.',
  obsStep3: '그다음 “방송 시작”을 누르세요. 몇 초 안에 채널이 여기에 나타납니다.',
  watchAt: '시청 주소',
  copy: '복사',
  copied: '복사됨',
  channelCount: (n) => `${n}개 채널이 방송 중입니다.`,
  watchChannel: (channel) => `${channel} 시청하기`,

  logIn: '로그인',
  logOut: '로그아웃',
  signUp: '가입하기',
  username: '사용자 이름',
  email: '이메일',
  password: '비밀번호',
  passwordHelp: '10자 이상.',
  usernameHelp: '채널 주소로도 쓰입니다: 영문 소문자, 숫자, “-”, “_”로 된 3~32자.',
  noAccountYet: '아직 계정이 없으신가요?',
  haveAccount: '이미 계정이 있으신가요?',
  wrongLogin: '사용자 이름 또는 비밀번호가 올바르지 않습니다.',
  tooManyLogins: '로그인 시도가 너무 많습니다. 나중에 다시 시도하세요.',
  somethingFailed: '문제가 발생했습니다. 다시 시도하세요.',
  dashboard: '대시보드',
  account: '계정',
  settings: '설정',
  yourChannel: '내 채널',
  streamKeyTitle: '스트림 키',
  streamKeySecret: '이 키가 있으면 누구나 내 채널로 방송할 수 있습니다. 방송 화면에 절대 노출하지 마세요.',
  showKey: '보기',
  hideKey: '숨기기',
  rotateKey: '새 키',
  rotateConfirm: '새 스트림 키를 만들까요? 지금 키는 새 방송에 바로 사용할 수 없게 됩니다.',
  keyRotated: '새 키를 만들었습니다. 다시 방송하기 전에 OBS에 붙여 넣으세요.',
  obsSetupTitle: 'OBS 설정',
  obsSetupStep1: 'OBS Studio에서 설정 → 방송을 열고 서비스: 사용자 지정…을 선택하세요.',
  obsSetupStep2: '서버:',
  obsSetupStep3: '스트림 키: 위의 키.',
  obsSetupStep4: '설정 → 출력: H.264 영상, AAC 오디오, 키프레임 간격 2초. 그다음 “방송 시작”.',
  embedTitle: '내 사이트에 넣기',
  embedIntro: '이 코드를 사이트의 페이지에 붙여 넣으면 그곳에서 방송이 재생되고, 채널로 돌아오는 링크가 표시됩니다.',
  chatOverlayIntro: '방송 화면 위의 채팅: 이 URL을 OBS의 브라우저 소스로 추가하세요(투명 배경. ?overlay 없이는 삽입한 플레이어 옆에 둘 채팅).',
  streamInfoTitle: '방송 정보',
  title: '제목',
  category: '카테고리',
  tags: '태그',
  tagsHelp: '최대 10개, 쉼표로 구분.',
  language: '언어',
  goLiveText: '방송 시작 알림',
  save: '저장',
  saved: '저장했습니다.',
  ingestTitle: '방송 상태',
  ingestOffline: '수신 중인 방송이 없습니다.',
  ingestLive: '방송을 수신하고 있습니다.',
  bitrate: '비트레이트',
  framerate: '프레임 레이트',
  keyframeInterval: '키프레임 간격',
  keyframeWarning: (seconds) =>
    `키프레임 간격이 ${seconds}초입니다. 지연을 줄이려면 OBS(설정 → 출력)에서 2초로 설정하세요.`,
  renditions: (list) => `시청자가 선택할 수 있는 화질: 원본${list === '' ? '' : `, ${list}`}`,
  renditionDropped: (rendition, reason) => `${rendition} 화질은 제공되지 않습니다: ${reason}`,
  tokensTitle: '액세스 토큰',
  tokensIntro: '스크립트와 봇용: API 요청에 “Authorization: Bearer <토큰>”을 보내세요.',
  tokenName: '토큰 이름',
  createToken: '토큰 만들기',
  tokenCreated: '지금 이 토큰을 복사하세요. 다시 표시되지 않습니다.',
  revoke: '폐기',
  noTokens: '토큰이 없습니다.',
  tokenLastUsed: (when) => `마지막 사용: ${when}`,
  tokenNeverUsed: '사용한 적 없음',
  passwordTitle: '비밀번호',
  passwordIntro: '비밀번호를 바꾸면 다른 모든 곳에서 로그아웃됩니다. 액세스 토큰은 계속 작동하니 위에서 폐기하세요.',
  currentPassword: '현재 비밀번호',
  newPassword: '새 비밀번호',
  changePassword: '비밀번호 변경',
  passwordChanged: (n) => n === 0 ? '비밀번호를 변경했습니다.' : `비밀번호를 변경했습니다. 다른 세션 ${n}개가 로그아웃되었습니다.`,
  deleteAccountTitle: '계정 삭제',
  deleteAccountIntro: '되돌릴 수 없습니다. 채널과 스트림 키, 다시보기, 클립, 채팅, 팔로워, 구독자가 삭제되고, 내 채팅 메시지, 팔로우, 구독, 액세스 토큰도 삭제되며 모든 곳에서 로그아웃됩니다. 다른 사람이 나를 사칭하지 못하도록 사용자 이름은 예약된 채로 남고, 내가 한 결제는 메시지 없이 받은 채널의 기록에 남습니다.',
  deleteConfirmName: '확인을 위해 사용자 이름 입력',
  deleteConfirmMismatch: '사용자 이름과 일치하지 않습니다',
  deleteAccount: '계정 삭제',
  siteAdmin: '사이트 관리',
  notSiteAdmin: '사이트 관리자(onair.admin.usernames)만 이 페이지를 쓸 수 있습니다.',
  accountsTitle: '계정',
  unclaimedPaymentsTitle: '주인 없는 결제',
  unclaimedPaymentsHelp: '채널이 삭제된 뒤에 완료된 결제입니다. 아무도 받지 못했으니 표시된 ID로 결제 대행사에서 환불하세요.',
  noUnclaimedPayments: '없음: 모든 결제가 채널에 전달되었습니다.',
  searchAccounts: '사용자 이름 또는 이메일',
  suspendedOnly: '정지된 계정만',
  searchButton: '검색',
  noAccounts: '일치하는 계정이 없습니다.',
  moreAccounts: '더 보기',
  joined: (when) => `가입: ${when}`,
  suspendedSince: (when) => `정지: ${when}`,
  liftSuspension: '정지 해제',
  suspensionLifted: (user) => `${user} 계정의 정지를 해제했습니다.`,
  deleteAccountConfirm: (user) => `${user} 계정을 삭제할까요? 채널, 다시보기, 클립, 채팅 메시지가 영구히 삭제되고 이름은 예약된 채로 남습니다.`,
  accountDeleted: (user) => `${user} 계정을 삭제했습니다.`,
  passwordResetLink: '비밀번호 재설정 링크',
  passwordResetIssued: (user, until) => `${user}의 새 비밀번호를 한 번 설정할 수 있는 링크입니다(${until}까지). 본인에게만 전달하세요. 이전 링크는 더 이상 쓸 수 없습니다.`,
  forgotPassword: '비밀번호를 잊으셨나요? 사이트 관리자에게 재설정 링크를 요청하세요.',
  setNewPassword: '새 비밀번호 설정',
  resetLinkIncomplete: '링크가 완전하지 않습니다. 받은 링크 전체를 열거나 사이트 관리자에게 새 링크를 요청하세요.',
  watchYourChannel: '내 채널 보기',
  testMode: '테스트 모드',
  webhooksTitle: '웹훅',
  webhooksIntro: 'Onair는 방송 시작·종료, 팔로우, 구독, 후원 이벤트를 각 웹훅의 비밀 키로 서명해(Onair-Signature 헤더) 이 주소들로 POST합니다. 디스코드나 슬랙 채널에는 그 채널의 웹훅 주소를 붙여 넣고 메시지 형식을 고르세요: 방송 제목과 채널 링크가 담긴 방송 시작 알림이 올라갑니다.',
  webhookUrl: '주소',
  addWebhook: '웹훅 추가',
  deleteWebhook: '삭제',
  webhookSecret: '비밀 키',
  webhookFormat: '보내는 형식',
  operatorChannelsTitle: '서버 채널',
  operatorChannelsHelp: '서버 설정(onair.ingest.keys)의 스트림 키로 방송하는 채널입니다. 소유한 계정이 없으므로 사이트 관리자가 여기서 제목과 정보를 관리합니다.',
  operatorChannel: '채널',
  webhookFormatOnair: 'Onair 이벤트 (JSON, 서명)',
  webhookFormatDiscord: '디스코드 메시지',
  webhookFormatSlack: '슬랙 메시지',
  webhookEvents: '이벤트',
  webhookNoEvents: '이벤트를 하나 이상 고르세요.',
  eventStreamOnline: '방송 시작',
  eventStreamOffline: '방송 종료',
  eventFollow: '팔로우',
  eventSubscription: '구독',
  eventDonation: '후원',
  restreamTitle: '리스트림',
  restreamIntro: '방송 중에는 Onair가 이 서버들(Twitch, YouTube, 다른 Onair…)로도 방송을 OBS처럼 이 서버의 연결로 보냅니다. 각 서비스가 알려 준 서버 주소와 스트림 키를 넣으세요.',
  restreamName: '이름',
  restreamUrl: '서버',
  restreamKey: '스트림 키',
  addRestream: '대상 추가',
  restreamOn: '켜짐',
  restreamState: (state, kbps, detail) => {
    switch (state) {
      case 'live': return `보내는 중 (${kbps.toLocaleString('ko')} kbps)`;
      case 'connecting': return '연결 중…';
      case 'retrying': return `실패: ${detail}. 곧 다시 시도합니다.`;
      case 'disabled': return '꺼짐';
      default: return '방송을 시작하면 보냅니다';
    }
  },
  uploadsTitle: '업로드',
  uploadsIntro: (maxSize) =>
    `동영상(MP4, MOV, MKV, 최대 ${maxSize})을 올리세요. 방송과 같은 화질들로 변환되어 내 동영상이 됩니다.`,
  uploadFile: '동영상 파일',
  uploadTitle: '제목 (선택)',
  uploadButton: '업로드',
  uploadChooseFile: '먼저 동영상 파일을 고르세요.',
  uploadSending: (percent) => `업로드 중… ${percent}`,
  uploadTooLarge: (maxSize) => `파일이 ${maxSize} 제한보다 큽니다.`,
  uploadAccepted: '업로드했습니다. 곧 변환을 시작하며, 진행 상황은 아래 목록에 나옵니다.',
  uploadFailed: '업로드하지 못했습니다. 연결을 확인하고 다시 시도하세요.',
  uploadState: (state, percent) =>
    state === 'queued' ? '대기 중' : state === 'running' ? `변환 중 ${percent}` : state === 'done' ? '완료' : '실패',
  uploadWatch: '보기',
  uploadCancel: '취소',
  uploadRemove: '목록에서 지우기',
  uploadCancelConfirm: (name) => `${name} 처리를 멈출까요? 지금까지 만든 것은 모두 삭제됩니다.`,
  noUploads: '아직 업로드한 동영상이 없습니다.',
  deliveriesTitle: '전송 기록',
  chatSubscribersOnlyLabel: '구독자 전용 채팅',
  subscriberBadge: '구독자',
  chatRejectSubscribersOnly: '구독자 전용 채팅입니다. 구독하면 쓸 수 있습니다.',
  subscribe: '구독',
  donate: '후원',
  donationAmount: '금액',
  donationMessage: '메시지',
  donationSent: '감사합니다! 후원이 전달되었습니다.',
  subscribedUntil: (date) => `${date}까지 구독 중`,
  tierOption: (name, price) => `${name} · 월 ${price}`,
  donatedInChat: (user, amount) => `${user}님이 ${amount} 후원`,
  alertFollow: (user) => `${user}님이 팔로우했습니다!`,
  alertSubscription: (user) => `${user}님이 구독했습니다!`,
  alertDonation: (user, amount) => `${user}님이 ${amount} 후원!`,
  overlayReplaced: '이 오버레이 주소는 바뀌었습니다. 대시보드에서 새 주소를 복사하세요.',
  supportTitle: '구독과 후원',
  currency: '통화',
  donationMin: '최소 후원 금액',
  donationMax: '최대 후원 금액',
  tierName: (n) => `${n}단계 이름`,
  tierPrice: (n) => `${n}단계 월 가격`,
  overlayTitle: '알림 오버레이',
  overlayIntro: '이 주소를 OBS에 브라우저 소스(800 × 600)로 추가하세요. 주소를 아는 사람은 알림을 볼 수 있으니 비밀로 하세요.',
  rotateOverlay: '새 주소',
  sendTestAlert: '테스트 알림 보내기',
  testAlertSent: '테스트 알림을 보냈습니다.',
  overlayMuted: '메시지를 읽어 주지 않기',
  alertMinAmount: '알림을 띄울 최소 후원 금액',
  ttsMinAmount: '읽어 줄 최소 후원 금액',
  activityTitle: '활동 (최근 30일)',
  totals: (followers, subscribers, donations) =>
    `팔로워 ${followers.toLocaleString('ko')}명 · 구독자 ${subscribers.toLocaleString('ko')}명 · 후원 ${donations}`,
  noActivity: '아직 없습니다.',

  viewers: (n) => `시청자 ${n.toLocaleString('ko')}명`,
  follow: '팔로우',
  unfollow: '팔로우 취소',
  followers: (n) => `팔로워 ${n.toLocaleString('ko')}명`,
  chat: '채팅',
  chatPlaceholder: '메시지 보내기',
  chatSend: '보내기',
  chatLogInToWrite: '로그인하고 채팅하기',
  newHereSignUp: '처음이세요? 가입하기',
  chatNoChat: '이 채널에는 채팅이 없습니다.',
  chatConnecting: '채팅에 연결하는 중…',
  chatReconnecting: '채팅 연결이 끊어졌습니다. 다시 연결하는 중…',
  chatWentLive: (channel) => `${channel} 님이 방송을 시작했습니다.`,
  chatWentOffline: (channel) => `${channel} 님이 방송을 종료했습니다.`,
  chatDelete: '삭제',
  chatTimeOut: '일시 차단 (10분)',
  chatBan: '차단',
  suspendAccount: '계정 정지',
  suspendAccountPrompt: (user) => `${user} 계정을 이 사이트에서 정지할까요? 관리자가 해제할 때까지 로그인, 방송, 채팅을 할 수 없습니다. 사유(관리자용):`,
  accountSuspended: (user) => `${user} 계정이 정지되었습니다.`,
  chatTimedOutNotice: (user, seconds) => `${user} 님이 ${seconds}초 동안 일시 차단되었습니다.`,
  chatBannedNotice: (user) => `${user} 님이 차단되었습니다.`,
  chatUnbannedNotice: (user) => `${user} 님의 차단이 해제되었습니다.`,
  chatBannedUsers: '차단 및 타임아웃된 사용자',
  chatNoBans: '차단된 사용자가 없습니다.',
  chatUnban: '차단 해제',
  chatBanUntil: (time) => `${time}까지`,
  chatSlowModeOn: (seconds) => `슬로 모드: ${seconds}초에 한 번 보낼 수 있습니다.`,
  chatFollowersOnlyOn: '팔로워 전용 채팅입니다.',
  chatModesOff: '슬로 모드와 팔로워 전용이 꺼져 있습니다.',
  chatSlowModeLabel: '슬로 모드',
  chatOff: '끄기',
  chatFollowersOnlyLabel: '팔로워 전용',
  chatRejectEmpty: '메시지가 비어 있습니다.',
  chatRejectTooLong: (max) => `메시지는 최대 ${max}자입니다.`,
  chatRejectInvalid: '보낼 수 없는 문자가 들어 있습니다.',
  chatRejectLogIn: '채팅하려면 로그인하세요.',
  chatRejectBanned: '이 채팅에서 차단되었습니다.',
  chatRejectTimedOut: (seconds) => `일시 차단 중입니다. ${seconds}초 남았습니다.`,
  chatRejectFollowersOnly: '팔로워 전용 채팅입니다. 채널을 팔로우하면 쓸 수 있습니다.',
  chatRejectSlowMode: (seconds) => `슬로 모드: ${seconds}초 기다리세요.`,
  chatRejectRateLimited: (seconds) => `메시지를 너무 빨리 보내고 있습니다. ${seconds}초 기다리세요.`,
  chatRejectFailed: '메시지를 보내지 못했습니다.',
  chatTooSlow: '연결이 밀려서 다시 연결했습니다.',

  searchLabel: '방송 중인 채널 검색',
  searchPlaceholder: '채널 또는 제목',
  allCategories: '모든 카테고리',
  noMatches: '조건에 맞는 방송 중인 채널이 없습니다.',
  thumbnailOf: (channel) => `${channel} 방송 미리보기`,

  videos: '동영상',
  pastBroadcasts: '지난 방송',
  clips: '클립',
  untitledReplay: (channel, date) => (date === '' ? channel : `${channel} · ${date}`),
  untitledClip: '제목 없는 클립',
  replayOf: (title) => `동영상: ${title}`,
  clipOf: (title) => `클립: ${title}`,
  streamedOn: (date) => `${date} 방송`,
  uploadedOn: (date) => `${date} 업로드`,
  replayStillLive: '아직 방송 중입니다. 지금까지 녹화된 부분입니다.',
  replayIncomplete: '이 녹화에는 빠진 부분이 있습니다.',
  loadingVideo: '동영상을 불러오는 중…',
  noSuchVideo: '동영상을 찾을 수 없습니다',
  noSuchVideoDetail: '삭제되었거나 비공개로 바뀌었을 수 있습니다.',
  noSuchClip: '클립을 찾을 수 없습니다',
  noSuchClipDetail: '삭제되었을 수 있습니다.',
  videoFailed: '지금은 동영상을 재생할 수 없습니다',
  retryLater: '잠시 후 다시 시도하세요.',
  seekLabel: '탐색',
  downloadMp4: 'MP4 다운로드',
  downloadPreparing: '다운로드를 준비하는 중…',
  downloadFailed: '다운로드가 아직 준비되지 않았습니다. 나중에 다시 시도하세요.',
  chatReplay: '채팅 다시 보기',
  chatReplayEmpty: '이 시점까지 채팅이 없습니다.',
  makeClip: '클립 만들기',
  clipStart: '시작',
  createClip: '클립 만들기',
  logInToClip: '로그인하고 클립 만들기',
  clippedBy: (user, date) => (date === '' ? `${user}님의 클립` : `${user}님의 클립 · ${date}`),
  watchFullVideo: '전체 동영상 보기',
  watchAgain: '다시 보기',
  loop: '반복',
  share: '공유',
  deleteClip: '클립 삭제',
  deleteClipConfirm: '이 클립을 완전히 삭제할까요?',
  clipDeleted: '클립을 삭제했습니다.',
  replaysTitle: '다시 보기',
  noReplays: '아직 다시 보기가 없습니다. 모든 방송은 녹화되어 여기에 나타납니다.',
  hiddenBadge: '숨김',
  incompleteBadge: '일부 누락',
  rename: '이름 바꾸기',
  watch: '보기',
  hide: '숨기기',
  unhide: '공개하기',
  deleteReplay: '삭제',
  deleteReplayConfirm: (title) => `“${title}”을(를) 완전히 삭제할까요? 이 영상으로 만든 클립은 계속 재생됩니다.`,
  replayDeleted: '다시 보기를 삭제했습니다.',
  storageUse: (size, replays) => `다시 보기 ${replays.toLocaleString('ko')}개, ${size}`,
  storageLimit: (size) => `한도 ${size}`,
  storageRetention: (days) => `다시 보기는 ${days}일 후 삭제됩니다`,
  storageKeptForever: '다시 보기는 직접 삭제할 때까지 보관됩니다',

  interfaceLanguage: '언어',

  justNow: '방금',
};

const catalogues: Readonly<Record<string, Strings>> = { en, ko };

/** The languages of the header's switch, each named in itself. */
export const LANGUAGES: readonly { readonly tag: string; readonly name: string }[] = [
  { tag: 'en', name: 'English' },
  { tag: 'ko', name: '한국어' },
];
/** localStorage key of the language chosen with the switch (it wins over the browser's languages). */
const LANGUAGE_KEY = 'onair.lang';

function chosenLanguage(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null; // storage blocked: follow the browser
  }
}

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
export const strings: Strings = pick([
  ...[chosenLanguage()].filter((tag): tag is string => tag !== null),
  ...(typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]),
]);

/** The language switch in the page's header (`.topbar`): remembered in localStorage, applied by reloading. */
function addLanguageSwitch(): void {
  const bar = document.querySelector('.topbar');
  if (bar === null || bar.querySelector('#lang') !== null) return;
  const label = document.createElement('label');
  label.className = 'lang-switch';
  const text = document.createElement('span');
  text.className = 'visually-hidden';
  text.textContent = strings.interfaceLanguage;
  const select = document.createElement('select');
  select.id = 'lang';
  for (const l of LANGUAGES) select.append(new Option(l.name, l.tag, false, l.tag === strings.locale));
  select.addEventListener('change', () => {
    try {
      localStorage.setItem(LANGUAGE_KEY, select.value);
    } catch {
      // storage blocked: the choice lasts for this page only
    }
    location.reload();
  });
  label.append(text, select);
  bar.append(label);
}

type StaticKey = {
  [K in keyof Strings]: Strings[K] extends string ? K : never;
}[keyof Strings];

function isStaticKey(key: string): key is StaticKey {
  return key in strings && typeof strings[key as keyof Strings] === 'string';
}

/** Fills every `[data-i18n]` element's text (and `[data-i18n-label]`'s aria-label) from the catalogue. */
export function applyStaticStrings(root: ParentNode = document): void {
  document.documentElement.lang = strings.locale;
  if (root === document) addLanguageSwitch();
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
