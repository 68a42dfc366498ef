import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class CustomerSaleDaysAndRangeIndexes1796283718104 implements MigrationInterface {
  name = 'CustomerSaleDaysAndRangeIndexes1796283718104';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics"."customer_sale_days" ("tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "year" smallint NOT NULL, "days" bit(366) NOT NULL, CONSTRAINT "PK_050c240acba415173551ea089a3" PRIMARY KEY ("tenant_id", "store_id", "customer_id", "year"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "customer_sale_days_year_idx" ON "analytics"."customer_sale_days"  ("tenant_id", "year") `,
    );
    await queryRunner.query(
      `CREATE INDEX "order_facts_placed_idx" ON "analytics"."order_facts"  ("tenant_id", "placed_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "hourly_sales_tenant_hour_idx" ON "analytics"."hourly_sales"  ("tenant_id", "hour") `,
    );
    await queryRunner.query(
      `CREATE INDEX "hourly_product_sales_tenant_hour_idx" ON "analytics"."hourly_product_sales"  ("tenant_id", "hour") `,
    );
    await queryRunner.query(
      `CREATE INDEX "hourly_payments_tenant_hour_idx" ON "analytics"."hourly_payments"  ("tenant_id", "hour") `,
    );
    await isolateByTenant(queryRunner, '"analytics"."customer_sale_days"');
    // An installation with sales already: its customers' sale days, from the facts.
    await queryRunner.query(
      `INSERT INTO "analytics"."customer_sale_days" (tenant_id, store_id, customer_id, year, days)
       SELECT tenant_id, store_id, customer_id, extract(year FROM placed_at AT TIME ZONE 'UTC')::smallint,
              bit_or(set_bit(repeat('0', 366)::bit(366), extract(doy FROM placed_at AT TIME ZONE 'UTC')::int - 1, 1))
         FROM "analytics"."order_facts"
        WHERE customer_id IS NOT NULL AND placed_at IS NOT NULL AND cancelled_at IS NULL
          AND (completed_at IS NOT NULL OR paid_at IS NOT NULL)
        GROUP BY 1, 2, 3, 4`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "analytics"."hourly_payments_tenant_hour_idx"`);
    await queryRunner.query(`DROP INDEX "analytics"."hourly_product_sales_tenant_hour_idx"`);
    await queryRunner.query(`DROP INDEX "analytics"."hourly_sales_tenant_hour_idx"`);
    await queryRunner.query(`DROP INDEX "analytics"."order_facts_placed_idx"`);
    await queryRunner.query(`DROP INDEX "analytics"."customer_sale_days_year_idx"`);
    await queryRunner.query(`DROP TABLE "analytics"."customer_sale_days"`);
  }
}
