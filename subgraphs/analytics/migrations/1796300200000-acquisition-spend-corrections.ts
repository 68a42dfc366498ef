import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Corrections of acquisition spend: entries of their own, with a reason, never edits of what was recorded. */
export class AcquisitionSpendCorrections1796300200000 implements MigrationInterface {
  name = 'AcquisitionSpendCorrections1796300200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "analytics"."acquisition_spend" ADD "reason" text`);
    await queryRunner.query(`ALTER TABLE "analytics"."acquisition_spend" ADD "corrected_total" integer`);
    await queryRunner.query(
      `ALTER TABLE "analytics"."acquisition_spend" DROP CONSTRAINT "acquisition_spend_amount_not_negative"`,
    );
    // Spend as it was spent is never negative; a correction takes the month's total up or down to
    // the right one, and carries why.
    await queryRunner.query(
      `ALTER TABLE "analytics"."acquisition_spend" ADD CONSTRAINT "acquisition_spend_entry_kind" CHECK ((reason IS NULL AND corrected_total IS NULL AND amount >= 0) OR (reason IS NOT NULL AND corrected_total >= 0))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "analytics"."acquisition_spend" DROP CONSTRAINT "acquisition_spend_entry_kind"`,
    );
    await queryRunner.query(`DELETE FROM "analytics"."acquisition_spend" WHERE reason IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "analytics"."acquisition_spend" DROP COLUMN "corrected_total"`);
    await queryRunner.query(`ALTER TABLE "analytics"."acquisition_spend" DROP COLUMN "reason"`);
    await queryRunner.query(
      `ALTER TABLE "analytics"."acquisition_spend" ADD CONSTRAINT "acquisition_spend_amount_not_negative" CHECK (amount >= 0)`,
    );
  }
}
