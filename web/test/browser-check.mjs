#!/usr/bin/env node
// Opens a page in headless Chromium over the DevTools protocol, in real time (no virtual time, which does not
// play media), and waits for the watch page's test hook to reach a state. Dev tool only, like dev-server.mjs.
//
//   node --experimental-websocket test/browser-check.mjs URL [--expect playing] [--timeout 30]
//        [--screenshot out.png] [--size 1280x800] [--then-get URL --expect-after offline]
//
// Prints the page's console and the state changes; exits 0 when the expected state was reached, 1 otherwise.
// --then-get fetches a URL (e.g. the dev server's /dev/demo/stop) once the first state is reached, then waits for
// --expect-after. Needs Node's WebSocket (Node 22, or Node 20 with --experimental-websocket).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const url = args.find((a) => /^https?:/.test(a));
if (!url || typeof WebSocket === 'undefined') {
  console.error('usage: node --experimental-websocket test/browser-check.mjs URL [--expect STATE] [--timeout S]');
  process.exit(2);
}
const expect = option('expect', 'playing');
const timeoutMs = Number(option('timeout', '30')) * 1000;
const screenshot = option('screenshot', null);
const [width, height] = option('size', '1280x800').split('x').map(Number);
const thenGet = option('then-get', null);
const expectAfter = option('expect-after', 'offline');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

const profile = mkdtempSync(path.join(tmpdir(), 'onair-check-'));
const browser = spawn(
  chromium,
  [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--mute-audio', `--user-data-dir=${profile}`, '--remote-debugging-port=0', `--window-size=${width},${height}`,
    'about:blank',
  ],
  { stdio: 'ignore' },
);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let exitCode = 1;
try {
  const portFile = path.join(profile, 'DevToolsActivePort');
  for (let i = 0; i < 100 && !existsSync(portFile); i++) await sleep(100);
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const pageTarget = targets.find((t) => t.type === 'page');
  const ws = new WebSocket(pageTarget.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 1;
  const pending = new Map();
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    } else if (msg.method === 'Runtime.consoleAPICalled') {
      const text = msg.params.args.map((a) => a.value ?? a.description ?? a.type).join(' ');
      console.log(`  [console.${msg.params.type}] ${text}`);
    } else if (msg.method === 'Runtime.exceptionThrown') {
      console.log(`  [exception] ${msg.params.exceptionDetails.exception?.description ?? msg.params.exceptionDetails.text}`);
    } else if (msg.method === 'Log.entryAdded') {
      console.log(`  [${msg.params.entry.source}.${msg.params.entry.level}] ${msg.params.entry.text} ${msg.params.entry.url ?? ''}`);
    }
  };
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async (expression) => (await send('Runtime.evaluate', { expression, returnByValue: true })).result?.result?.value;

  await send('Runtime.enable');
  await send('Log.enable');
  await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: width < 600 });
  await send('Page.enable');
  await send('Page.navigate', { url });

  const waitFor = async (wanted) => {
    const start = Date.now();
    let last = '';
    while (Date.now() - start < timeoutMs) {
      const state = await evaluate(
        'JSON.stringify({hook: window.onair && (window.onair.player || window.onair.home), body: document.body && document.body.dataset.state, t: window.onair && window.onair.video ? +window.onair.video.currentTime.toFixed(2) : null, muted: window.onair && window.onair.video ? window.onair.video.muted : null})',
      );
      const parsed = state ? JSON.parse(state) : {};
      const summary = JSON.stringify({ hook: parsed.hook, body: parsed.body });
      if (summary !== last) {
        console.log(`${((Date.now() - start) / 1000).toFixed(1)}s ${state}`);
        last = summary;
      }
      if (parsed.body === wanted && (parsed.hook?.state ?? wanted) === wanted) return true;
      await sleep(250);
    }
    console.log(`timed out waiting for state ${wanted}`);
    return false;
  };

  let ok = await waitFor(expect);
  if (ok && thenGet) {
    console.log(`GET ${thenGet}: ${await (await fetch(thenGet)).text()}`);
    ok = await waitFor(expectAfter);
  }
  if (screenshot) {
    await sleep(500);
    const shot = await send('Page.captureScreenshot', { format: 'png' });
    writeFileSync(screenshot, Buffer.from(shot.result.data, 'base64'));
    console.log(`screenshot: ${screenshot}`);
  }
  ws.close();
  exitCode = ok ? 0 : 1;
} catch (e) {
  console.error('browser-check failed:', e);
} finally {
  browser.kill('SIGKILL');
  await sleep(200);
  rmSync(profile, { recursive: true, force: true });
}
process.exit(exitCode);
