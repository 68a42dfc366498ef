import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class TenantBilling1796243874704 implements MigrationInterface {
  name = 'TenantBilling1796243874704';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payments"."billing_accounts" ("tenant_id" uuid NOT NULL, "customer_id" text, "subscription_id" text, "subscription_item_id" text, "subscription_attempts" integer NOT NULL DEFAULT '0', "tier" text NOT NULL, "status" text NOT NULL, "price_amount" integer, "currency" character(3), "price_interval" text, "trial_ends_at" TIMESTAMP WITH TIME ZONE, "current_period_end" TIMESTAMP WITH TIME ZONE, "cancel_at_period_end" boolean NOT NULL DEFAULT false, "canceled_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_87efeaa433c184f8a807cca7bf3" UNIQUE ("customer_id"), CONSTRAINT "UQ_6a650cc77ceb38c904fb55a3be8" UNIQUE ("subscription_id"), CONSTRAINT "PK_9c21602fd4e27ce7c5bdba562a9" PRIMARY KEY ("tenant_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."invoices" ("id" text NOT NULL, "tenant_id" uuid NOT NULL, "number" text, "status" text NOT NULL, "amount_due" integer NOT NULL, "amount_paid" integer NOT NULL, "currency" character(3) NOT NULL, "attempt_count" integer NOT NULL DEFAULT '0', "hosted_invoice_url" text, "invoice_pdf" text, "period_start" TIMESTAMP WITH TIME ZONE, "period_end" TIMESTAMP WITH TIME ZONE, "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_668cef7c22a427fd822cc1be3ce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "invoices_tenant_created_idx" ON "payments"."invoices"  ("tenant_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "payments"."meter_reports" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "metric" text NOT NULL, "quantity" integer NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_83a404b1662be67041e863d7651" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "meter_reports_unreported_idx" ON "payments"."meter_reports"  ("created_at") WHERE reported_at IS NULL`,
    );
    for (const table of ['billing_accounts', 'invoices', 'meter_reports']) {
      await isolateByTenant(queryRunner, `"payments"."${table}"`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "payments"."meter_reports_unreported_idx"`);
    await queryRunner.query(`DROP TABLE "payments"."meter_reports"`);
    await queryRunner.query(`DROP INDEX "payments"."invoices_tenant_created_idx"`);
    await queryRunner.query(`DROP TABLE "payments"."invoices"`);
    await queryRunner.query(`DROP TABLE "payments"."billing_accounts"`);
  }
}
