/**
 * The embeddable player, `/embed/{channel}`: what a streamer puts on their own site in an `<iframe>`. The watch
 * page's player (`watch-page.ts`: live, offline and error states, quality, reconnects) without the chat, clips, rewind
 * or support area, filling the frame; the channel's name links to its page on this server, in a new tab (the frame
 * stays). The server lets other sites frame this page only (`onair.embed.frame-ancestors`).
 */
import { channelFromPath } from './api';
import { applyStaticStrings } from './strings';
import { WatchPage } from './watch-page';

applyStaticStrings();
const channel = channelFromPath(location.pathname.replace(/^\/embed(?=\/)/, ''));
if (channel !== null) {
  const link = document.getElementById('channel-link');
  if (link instanceof HTMLAnchorElement) link.href = `/${encodeURIComponent(channel)}`;
}
new WatchPage(channel, { clips: false, rewind: false }).start();
