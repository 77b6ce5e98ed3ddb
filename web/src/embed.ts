/**
 * The embeddable player, `/embed/{channel}`: what a streamer puts on their own site in an `<iframe>`. The watch
 * page's player (`watch-page.ts`: live, offline and error states, quality, reconnects) without the chat, clips,
 * rewind or support area, filling the frame (the chat has its own embed, `chat-embed.ts`); the channel's name links
 * to its page on this server, in a new tab (the frame stays). The server lets other sites frame the pages under
 * `/embed/` only (`onair.embed.frame-ancestors`).
 */
import { channelFromPath } from './api';
import { LiveSocket } from './live-socket';
import { applyStaticStrings } from './strings';
import { WatchPage } from './watch-page';

applyStaticStrings();
const channel = channelFromPath(location.pathname.replace(/^\/embed(?=\/)/, ''));
if (channel !== null) {
  const link = document.getElementById('channel-link');
  if (link instanceof HTMLAnchorElement) link.href = `/${encodeURIComponent(channel)}`;
}
// Links out of the frame (the replay of a broadcast that just ended) open a tab: the host page stays.
const overlayLink = document.getElementById('overlay-link');
if (overlayLink instanceof HTMLAnchorElement) Object.assign(overlayLink, { target: '_blank', rel: 'noopener' });
const player = new WatchPage(channel, { clips: false, rewind: false });
player.start();
// The live WebSocket, for its "stream started/ended" frames (the player reacts at once instead of at its next status
// poll) and so that a viewer of the embed counts as one, like a viewer of the watch page.
if (channel !== null) {
  new LiveSocket(channel, {
    frame: (f) => {
      if (f['type'] === 'stream') player.refresh();
    },
    closed: () => undefined,
  }).start();
}
