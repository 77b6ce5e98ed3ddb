// Builds the web UI into target/classes/static/ (served by the app from classpath:/static/):
//   index.html, watch.html, …          the pages (no inline scripts or styles), asset names filled in
//   assets/<name>-<hash>.{js,css,svg}  content-hashed, so they can be cached forever
// Run by `npm run build` after the type check. `ONAIR_SOURCEMAP=1` adds source maps (not shipped by default).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(root, 'target', 'classes', 'static');
const assetsDir = path.join(outDir, 'assets');
const require = createRequire(import.meta.url);

const shortHash = (data) => createHash('sha256').update(data).digest('base64url').replace(/[-_]/g, '').slice(0, 10);

/** Copies a file into assets/ as <name>-<hash><ext>; returns its URL path. */
async function copyHashed(file) {
  const data = await readFile(file);
  const ext = path.extname(file);
  const name = `${path.basename(file, ext)}-${shortHash(data)}${ext}`;
  await writeFile(path.join(assetsDir, name), data);
  return `/assets/${name}`;
}

await rm(outDir, { recursive: true, force: true });
await mkdir(assetsDir, { recursive: true });

const assets = {
  // hls.js's ESM build does not inline its transmuxer worker: it loads this file (workerPath) as a same-origin
  // worker, which a strict CSP allows with worker-src 'self' (no blob: needed).
  'hls.worker.js': await copyHashed(require.resolve('hls.js/dist/hls.worker.js')),
  'favicon.svg': await copyHashed(path.join(root, 'src', 'favicon.svg')),
};

const result = await build({
  absWorkingDir: root,
  entryPoints: {
    watch: 'src/watch.ts', home: 'src/home.ts', onair: 'src/onair.css',
    // The embeddable player (/embed/{channel}): the watch page's player alone
    embed: 'src/embed.ts', 'chat-embed': 'src/chat-embed.ts',
    // Account pages
    login: 'src/login.ts', signup: 'src/signup.ts', dashboard: 'src/dashboard.ts', settings: 'src/settings.ts',
    admin: 'src/admin.ts', 'reset-password': 'src/reset-password.ts',
    // The alerts overlay (OBS Browser Source): its own small script and transparent stylesheet
    overlay: 'src/overlay.ts', 'overlay-style': 'src/overlay.css',
    // The watch page's Subscribe/Donate area, beside the player's own script
    support: 'src/support.ts',
    // The dashboard's support sections (activity, overlay, tiers and limits)
    'dashboard-support': 'src/dashboard-support.ts',
    // The dashboard's Uploads section (issue 7)
    'dashboard-uploads': 'src/dashboard-uploads.ts',
    // The dashboard's Restream section: destinations the live stream is pushed on to
    'dashboard-restream': 'src/dashboard-restream.ts',
    // Replays and clips (issue 7): their pages, the channel page's videos, the dashboard's Replays section
    replay: 'src/replay.ts', clip: 'src/clip.ts',
    'channel-videos': 'src/channel-videos.ts', 'dashboard-replays': 'src/dashboard-replays.ts',
  },
  outdir: assetsDir,
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true, // hls.js becomes its own chunk, loaded by the watch page only
  format: 'esm',
  target: ['chrome90', 'edge90', 'firefox90', 'safari15'],
  minify: true,
  sourcemap: process.env.ONAIR_SOURCEMAP === '1' ? 'linked' : false,
  legalComments: 'none',
  charset: 'utf8',
  define: { __HLS_WORKER_URL__: JSON.stringify(assets['hls.worker.js']) },
  metafile: true,
  logLevel: 'warning',
});

for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!output.entryPoint) continue;
  const key = path.basename(output.entryPoint).replace(/\.ts$/, '.js');
  assets[key] = '/' + path.relative(outDir, path.resolve(root, file)).split(path.sep).join('/');
}

const pages = ['index.html', 'watch.html', 'login.html', 'signup.html', 'dashboard.html', 'settings.html',
  'admin.html', 'reset-password.html', 'overlay.html', 'replay.html', 'clip.html', 'embed.html', 'chat-embed.html'];
for (const page of pages) {
  // `<!-- include parts/x.html … -->` on a line of its own: that file, so markup two pages share is written once.
  let template = await readFile(path.join(root, 'src', 'pages', page), 'utf8');
  for (const m of [...template.matchAll(/^ *<!-- include ([\w/.-]+\.html)\b[^>]*-->\n/gm)]) {
    template = template.replace(m[0], await readFile(path.join(root, 'src', 'pages', m[1]), 'utf8'));
  }
  const html = template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name) => {
    if (!(name in assets)) throw new Error(`${page}: unknown asset {{${name}}}`);
    return assets[name];
  });
  await writeFile(path.join(outDir, page), html);
}

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, output]) => `  ${path.relative(outDir, path.resolve(root, file))}  ${(output.bytes / 1024).toFixed(1)} KiB`);
console.log(`web: built ${path.relative(root, outDir)}/\n${pages.map((p) => `  ${p}`).join('\n')}\n${sizes.join('\n')}\n  ${assets['hls.worker.js'].slice(1)}\n  ${assets['favicon.svg'].slice(1)}`);
