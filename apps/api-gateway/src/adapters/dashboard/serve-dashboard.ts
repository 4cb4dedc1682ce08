// The dashboard: static files (plain HTML, CSS and ES modules — no build step) served at `/`. Everything
// it shows comes from the public API it calls like any client: /api/v1 with an access token, and the
// live WebSocket. The API, health and docs routes are left to their controllers.
import path from 'node:path';
import { ServeStaticModule } from '@nestjs/serve-static';

export const dashboardFiles = path.join(__dirname, 'public');

export const serveDashboard = () =>
  ServeStaticModule.forRoot({
    rootPath: dashboardFiles,
    exclude: ['/api/{*rest}', '/health/{*rest}'],
    serveStaticOptions: { index: 'index.html', maxAge: 0 },
  });
