import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The local date of a UTC hour, and the first UTC hour of a local date: what the daily rollups are keyed by. */
export class DayFunctions1796290000000 implements MigrationInterface {
  name = 'DayFunctions1796290000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION "analytics"."local_day"(at timestamptz, zone text) RETURNS date
       LANGUAGE sql STABLE PARALLEL SAFE
       AS $$ SELECT (date_bin('1 hour', at, timestamptz '1970-01-01 00:00:00+00') AT TIME ZONE zone)::date $$`,
    );
    // A zone off the whole hour starts its day at the next whole UTC hour, as `hourSpan` does.
    await queryRunner.query(
      `CREATE FUNCTION "analytics"."day_start"(day date, zone text) RETURNS timestamptz
       LANGUAGE sql STABLE PARALLEL SAFE
       AS $$ SELECT date_bin('1 hour', (day::timestamp AT TIME ZONE zone) + interval '1 hour' - interval '1 microsecond',
                             timestamptz '1970-01-01 00:00:00+00') $$`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "analytics"."day_start"(date, text)`);
    await queryRunner.query(`DROP FUNCTION "analytics"."local_day"(timestamptz, text)`);
  }
}
