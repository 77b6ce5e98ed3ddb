#!/usr/bin/env node
// A fake Onair backend for working on the web UI without the Java server. Dev tool only: the build never uses it.
//
//   node test/dev-server.mjs [--port 8080] [--host 127.0.0.1] [--offline] [--no-ffmpeg] [--quiet]
//   (or `npm run dev`, which builds first)
//
// Serves target/classes/static/ like the app does (/ -> index.html, /{channel} -> watch.html, /assets/...), with the
// strict Content-Security-Policy the app may add later, and fakes the API:
//   demo     live while a local ffmpeg test stream runs (HLS in a temp dir, served under /live/demo/)
//   idle     always offline, last live 17 minutes ago
//   broken   "live", but its playlist does not exist (the player's error and retry path)
//   anything else: 404 problem+json
// Control the demo stream from a browser or curl:
//   /dev/demo/start   start ffmpeg (the channel goes live once the first segments exist)
//   /dev/demo/stop    stop ffmpeg gracefully: the playlist gets #EXT-X-ENDLIST, the channel goes offline
//   /dev/api/down     the API answers 503 (server trouble); /dev/api/up restores it
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const port = Number(option('port', process.env.PORT ?? '8080'));
const host = option('host', '127.0.0.1');
const quiet = flag('quiet');
const useFfmpeg = !flag('no-ffmpeg');

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = path.join(webDir, 'target', 'classes', 'static');
const hlsDir = mkdtempSync(path.join(tmpdir(), 'onair-dev-hls-'));

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

const log = (...parts) => {
  if (!quiet) console.log(new Date().toISOString().slice(11, 23), ...parts);
};

// --- The fake demo stream ------------------------------------------------------------------------------------

const demo = { ffmpeg: null, startedAt: null, lastLiveAt: null };
let apiDown = false;

function startDemo() {
  if (demo.ffmpeg !== null) return;
  for (const f of readdirSync(hlsDir)) rmSync(path.join(hlsDir, f), { force: true });
  const ffmpeg = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-nostats',
      '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
      '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
      '-b:v', '800k', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '128k',
      '-f', 'hls', '-hls_time', '2', '-hls_list_size', '6',
      '-hls_flags', 'delete_segments+independent_segments',
      '-master_pl_name', 'master.m3u8',
      '-hls_segment_filename', path.join(hlsDir, 'seg_%05d.ts'),
      path.join(hlsDir, 'index.m3u8'),
    ],
    { stdio: ['pipe', 'ignore', 'inherit'] },
  );
  demo.ffmpeg = ffmpeg;
  demo.startedAt = new Date();
  ffmpeg.on('error', (e) => {
    console.error(`dev-server: cannot run ffmpeg (${e.message}); demo stays offline`);
    demo.ffmpeg = null;
  });
  ffmpeg.on('exit', (code, signal) => {
    log(`ffmpeg exited (${signal ?? code})`);
    if (demo.ffmpeg === ffmpeg) demo.ffmpeg = null;
    demo.lastLiveAt = new Date();
  });
  log('demo: ffmpeg started');
}

function stopDemo() {
  if (demo.ffmpeg === null) return;
  // 'q' lets ffmpeg finish the playlist with #EXT-X-ENDLIST, like the real server does when OBS stops.
  demo.ffmpeg.stdin.end('q');
  demo.ffmpeg = null;
  demo.lastLiveAt = new Date();
  log('demo: ffmpeg stopping');
}

function demoIsLive() {
  if (demo.ffmpeg === null) return false;
  const playlist = path.join(hlsDir, 'index.m3u8');
  return existsSync(path.join(hlsDir, 'master.m3u8')) && existsSync(playlist) && statSync(playlist).size > 0;
}

// --- The fake API --------------------------------------------------------------------------------------------

function statusOf(channel) {
  const minutesAgo = (n) => new Date(Date.now() - n * 60_000).toISOString();
  switch (channel) {
    case 'demo': {
      const live = demoIsLive();
      return {
        channel,
        live,
        hls: live ? '/live/demo/master.m3u8' : null,
        startedAt: live ? demo.startedAt.toISOString() : null,
        lastLiveAt: demo.lastLiveAt ? demo.lastLiveAt.toISOString() : null,
        stats: live
          ? { width: 640, height: 360, fps: 30.0, videoKbps: 800, audioKbps: 128, keyframeInterval: 2.0 }
          : null,
      };
    }
    case 'idle':
      return { channel, live: false, hls: null, startedAt: null, lastLiveAt: minutesAgo(17), stats: null };
    case 'broken':
      return {
        channel,
        live: true,
        hls: '/live/broken/master.m3u8',
        startedAt: minutesAgo(3),
        lastLiveAt: null,
        stats: { width: 1280, height: 720, fps: 29.97, videoKbps: 2500, audioKbps: 128, keyframeInterval: 2.0 },
      };
    default:
      return null;
  }
}

function sendJson(res, status, body, type = 'application/json') {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

function sendFile(res, file, cacheControl) {
  if (!existsSync(file) || !statSync(file).isFile()) {
    sendJson(res, 404, { title: 'Not Found', status: 404 }, 'application/problem+json');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Cache-Control': cacheControl,
  });
  createReadStream(file).pipe(res);
}

function page(res, name) {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  sendFile(res, path.join(staticDir, name), 'no-cache');
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  log(req.method, p);
  let m;

  if (p === '/dev/demo/start' || p === '/dev/demo/stop') {
    if (p.endsWith('start')) startDemo();
    else stopDemo();
    return sendJson(res, 200, { ok: true, live: demoIsLive(), running: demo.ffmpeg !== null });
  }
  if (p === '/dev/api/down' || p === '/dev/api/up') {
    apiDown = p.endsWith('down');
    return sendJson(res, 200, { ok: true, apiDown });
  }

  if (p.startsWith('/api/') && apiDown) {
    return sendJson(res, 503, { title: 'Service Unavailable', status: 503 }, 'application/problem+json');
  }
  if (p === '/api/channels') {
    // Like the server: every known channel, live first. ("broken" is left out so that the home page's empty state
    // shows while the demo is stopped; its watch page still works.)
    const list = ['demo', 'idle'].map(statusOf).sort((a, b) => Number(b.live) - Number(a.live));
    return sendJson(res, 200, list);
  }
  if ((m = /^\/api\/channels\/([^/]+)\/status$/.exec(p))) {
    const channel = decodeURIComponent(m[1]);
    const status = statusOf(channel);
    if (status === null) {
      return sendJson(
        res,
        404,
        { type: 'about:blank', title: 'Not Found', status: 404, detail: `No channel named ${channel}` },
        'application/problem+json',
      );
    }
    return sendJson(res, 200, status);
  }
  if ((m = /^\/live\/demo\/([\w.-]+)$/.exec(p))) {
    return sendFile(res, path.join(hlsDir, m[1]), m[1].endsWith('.m3u8') ? 'no-cache' : 'max-age=60');
  }
  if (p.startsWith('/live/')) {
    return sendJson(res, 404, { title: 'Not Found', status: 404 }, 'application/problem+json');
  }
  if ((m = /^\/assets\/([\w.-]+)$/.exec(p))) {
    return sendFile(res, path.join(staticDir, 'assets', m[1]), 'public, max-age=31536000, immutable');
  }
  if (p === '/' || p === '/index.html') return page(res, 'index.html');
  // Like the app: /{channel} serves the watch page, whatever the name; the page validates it.
  if (/^\/[^/.]+\/?$/.test(p)) return page(res, 'watch.html');
  if (/^\/embed\/[^/.]+\/?$/.test(p)) return page(res, 'embed.html');
  if (/^\/embed\/[^/.]+\/chat\/?$/.test(p)) return page(res, 'chat-embed.html');
  return sendJson(res, 404, { title: 'Not Found', status: 404 }, 'application/problem+json');
});

if (!existsSync(path.join(staticDir, 'watch.html'))) {
  console.error(`dev-server: ${staticDir} has no build; run "npm run build" first`);
  process.exit(1);
}

server.listen(port, host, () => {
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  console.log(`dev-server: ${base}/  (watch: ${base}/demo, ${base}/idle, ${base}/broken, ${base}/nope)`);
  console.log(`dev-server: control the demo stream with ${base}/dev/demo/start and ${base}/dev/demo/stop`);
  console.log(`dev-server: HLS in ${hlsDir}`);
  if (useFfmpeg && !flag('offline')) startDemo();
});

function shutdown() {
  if (demo.ffmpeg !== null) demo.ffmpeg.kill('SIGKILL');
  rmSync(hlsDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
