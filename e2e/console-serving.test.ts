import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { adminConsole } from '../src/http/admin-console';
import { e2eServer } from './support/browser';

/** How /admin is served: the build's files, cache headers that suit them, client routes, and a build that is missing. */
describe('/admin on a running Roster', () => {
  const server = e2eServer();

  it('serves index.html uncached with a strict content security policy, and hashed assets cached for a year', async () => {
    const index = await fetch(`${server.baseUrl}/admin`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const asset = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${server.baseUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('answers a client route with the console (history fallback), and a missing file with 404', async () => {
    for (const route of ['/admin/', '/admin/users/3f6c2a9e-0000-4000-8000-000000000000', '/admin/ip-allowlist']) {
      const response = await fetch(`${server.baseUrl}${route}`);
      expect([route, response.status, response.headers.get('content-type')]).toEqual([route, 200, 'text/html; charset=utf-8']);
      expect(await response.text()).toContain('<div id="root">');
    }
    expect((await fetch(`${server.baseUrl}/admin/assets/index-DoesNotExist.js`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/admin/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/admin/users`, { method: 'POST' })).status).toBe(404);
  });
});

describe('/admin without a build', () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'roster-admin-empty-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('answers 503 and says how to build it, while the rest of the app is unaffected', async () => {
    const app = express();
    app.use('/admin', adminConsole(empty));
    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    const response = await request(app).get('/admin/users');
    expect(response.status).toBe(503);
    expect(response.text).toContain('run npm run build:admin');
    expect((await request(app).get('/healthz')).status).toBe(200);
  });
});
