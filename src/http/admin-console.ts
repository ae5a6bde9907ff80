import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express, { Router, type Response } from 'express';

/**
 * The admin console (admin/, built by `npm run build:admin` into dist/admin): static files only, a client of the
 * public /graphql API like any other. Hashed assets are cached for a year; index.html never is, so a new build is
 * picked up on the next load. Any other path under /admin is a client route and gets index.html.
 */
export function adminConsole(dir: string = defaultAdminDir()): Router {
  const router = Router();
  const indexFile = path.join(dir, 'index.html');

  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  router.use((_req, res, next) => {
    if (existsSync(indexFile)) return next();
    res.status(503).type('text/plain').send('The admin console is not built: run npm run build:admin (npm start builds it when it is missing).\n');
  });
  // Vite names every file under assets/ by its content hash: a changed file is a new URL.
  router.use('/assets', express.static(path.join(dir, 'assets'), { index: false, immutable: true, maxAge: '1y', fallthrough: true }));
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('No such asset\n');
  });
  router.use(
    express.static(dir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (path.basename(file) === 'index.html') res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  router.use(async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // A path with a file extension is a missing file, not a page of the console.
    if (/\.[A-Za-z0-9]+$/.test(req.path)) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    sendIndex(res, await readFile(indexFile, 'utf8'));
  });
  return router;
}

/** Only this origin: the console's own scripts and styles, and /graphql. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function sendIndex(res: Response, html: string): void {
  res.setHeader('Cache-Control', 'no-cache');
  res.type('html').send(html);
}

/** dist/admin under the package root, whether this file runs from src/ (tests) or dist/src/ (the build). */
export function defaultAdminDir(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.join(dir, 'dist', 'admin');
}
