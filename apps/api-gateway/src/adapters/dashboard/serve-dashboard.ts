// The dashboard: static files (plain HTML, CSS and ES modules — no build step) served at `/`. Everything
// it shows comes from the public API it calls like any client: /api/v1 with an access token, and the
// live WebSocket. A path with no file falls through to the API's routes (and their 404).
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

export const dashboardFiles = path.join(__dirname, 'public');

export function serveDashboard(app: INestApplication): void {
  (app as NestExpressApplication).useStaticAssets(dashboardFiles, { index: 'index.html', maxAge: 0 });
}
