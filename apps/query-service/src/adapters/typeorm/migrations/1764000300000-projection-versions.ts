// Which version of each projection its tables were built by: a newer one in the code rebuilds them.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionVersions1764000300000 implements MigrationInterface {
  name = 'ProjectionVersions1764000300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE projection_versions (projection text PRIMARY KEY, version integer NOT NULL, built_at timestamptz NOT NULL)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE projection_versions');
  }
}
