/** Set by build.mjs: the same-origin URL of hls.js's transmuxer worker (dist/hls.worker.js, copied with a hash). */
declare const __HLS_WORKER_URL__: string;

/**
 * The light build of hls.js (no subtitles, alternate audio, DRM or CMCD: Onair serves none of them) has the same
 * API as the full one but ships no type declarations of its own.
 */
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
