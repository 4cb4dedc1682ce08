// docker-compose.yml and the Dockerfile, checked without a Docker engine (there is none here): every
// deployable app runs in compose; everything has a health check and every dependency waits for one;
// images are pinned by version; the runtime image runs production packages as a non-root user; and,
// where Debian's docker-compose is installed (CI installs it), compose itself validates the file.
// What a real `docker compose up` adds — pulling images, Kafka's listeners, the services meeting —
// is not checked here (README: "The docker-compose stack").
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@eventshop/stack';
import { composeFile, composeServicesRunning, deployableApps, readCompose } from '@eventshop/testing';

const services = readCompose();

const deployable = deployableApps();

describe('docker-compose.yml', () => {
  it('runs every deployable app of the workspace', () => {
    expect(deployable.length).toBeGreaterThanOrEqual(8);
    expect(deployable.filter((app) => composeServicesRunning(app, services).length === 0)).toEqual([]);
  });

  it('gives every service a health check, and makes every dependency wait for one', () => {
    expect(
      Object.entries(services)
        .filter(([, s]) => s.healthcheck?.test === undefined)
        .map(([name]) => name),
    ).toEqual([]);
    const waits = Object.entries(services).flatMap(([name, s]) => Object.entries(s.depends_on).map(([target, d]) => ({ name, target, ...d })));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.filter((w) => !(w.target in services))).toEqual([]);
    expect(waits.filter((w) => w.condition !== 'service_healthy' && w.condition !== 'service_completed_successfully')).toEqual([]);
  });

  it('pins every image by version (ours is built from the Dockerfile)', () => {
    const unpinned = Object.entries(services)
      .filter(([, s]) => s.build === undefined)
      .filter(([, s]) => !/^[\w./-]+:v?\d+(\.\d+)+[\w.-]*$/.test(s.image ?? ''))
      .map(([name, s]) => `${name}: ${s.image}`);
    expect(unpinned).toEqual([]);
    expect(Object.values(services).some((s) => s.image?.includes('bitnami'))).toBe(false);
    expect(
      new Set(
        Object.values(services)
          .filter((s) => s.build !== undefined)
          .map((s) => s.image),
      ),
    ).toEqual(new Set(['eventshop:local']));
  });

  it('publishes the same default ports as the native demo', () => {
    const published = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.ports.map((p) => Number(p.split(':')[0]))]));
    expect(published).toMatchObject({
      gateway: [3000],
      order: [3001],
      inventory: [3002],
      payment: [3003],
      shipping: [3004],
      query: [3005, 3006],
      'psp-primary': [3010],
      'psp-secondary': [3011],
      carrier: [3012],
      kafka: [9092],
      postgres: [5432],
    });
  });

  const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
  (dockerCompose ? it : it.skip)('is valid to docker-compose itself (docker-compose config -q; CI installs Debian’s docker-compose)', () => {
    expect(() => execFileSync('docker-compose', ['-f', composeFile, 'config', '-q'], { cwd: repoRoot, stdio: 'pipe' })).not.toThrow();
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds from pinned images, in a build stage and a runtime stage', () => {
    expect(stages.map((stage) => stage.split('\n')[0])).toEqual([
      expect.stringMatching(/^node:\d+\.\d+\.\d+-\S+ AS build$/),
      expect.stringMatching(/^node:\d+\.\d+\.\d+-\S+ AS runtime$/),
    ]);
    expect(stages[0]).toContain('npx nx run-many -t build');
  });

  it('runs production packages only, as a non-root user, with every build and the health check', () => {
    const runtime = stages[1];
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain('COPY --from=build /src/dist ./dist');
    expect(runtime).toContain('healthcheck.cjs');
  });
});
