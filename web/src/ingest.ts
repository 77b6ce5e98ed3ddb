/**
 * What OBS's "Server" field must say on this server (`GET /api/ingest`): the server knows RTMP's port, its
 * application name and a separate ingest host (`onair.rtmp.public-host`), which the page's own address does not.
 */
import { call } from './session';

/** The server's answer, else the page's host with RTMP's defaults (1935, `live`): still right on a default setup. */
export async function obsServerUrl(): Promise<string> {
  try {
    const r = await call('GET', '/api/ingest');
    const server = r.status === 200 && typeof r.body === 'object' && r.body !== null
      ? (r.body as Record<string, unknown>)['server'] : undefined;
    if (typeof server === 'string' && server.startsWith('rtmp://')) return server;
  } catch {
    // offline or an older server: the default below
  }
  // location.hostname keeps IPv6 brackets, so this is a valid URL either way.
  return `rtmp://${location.hostname}/live`;
}
