/** The watch page, `/{channel}`: the player (`watch-page.ts`), its clip button, and the chat (`live.ts`). */
import { showAccountLinks } from './account-links';
import { channelFromPath } from './api';
import { startLive } from './live';
import { applyStaticStrings } from './strings';
import { WatchPage } from './watch-page';

applyStaticStrings();
void showAccountLinks();
const watchChannel = channelFromPath(location.pathname);
const watchPage = new WatchPage(watchChannel, { clips: true, rewind: true });
watchPage.start();
if (watchChannel !== null) startLive(watchChannel, () => watchPage.refresh());
