import { createHash } from 'node:crypto';
import { BROWSE_JS } from './browse-script';
import { BROWSE_CSS } from './browse-style';

/** A static file served under a name that changes with its content, so browsers may keep it forever. */
export interface BrowseAsset {
  path: string;
  contentType: string;
  body: string;
}

function hashed(stem: string, extension: string, body: string, contentType: string): BrowseAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/ui/${stem}.${hash}.${extension}`, contentType, body };
}

/** The tab icon: declared by every page, so browsers do not ask for /favicon.ico (an API 404). */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0550ae"/>' +
  '<path d="M8 23V9h3l5 7 5-7h3v14h-3v-9l-5 7-5-7v9z" fill="#fff"/></svg>';

export const BROWSE_ASSETS = {
  style: hashed('browse', 'css', BROWSE_CSS, 'text/css; charset=utf-8'),
  script: hashed('browse', 'js', BROWSE_JS, 'text/javascript; charset=utf-8'),
  icon: hashed('icon', 'svg', ICON_SVG, 'image/svg+xml'),
};
