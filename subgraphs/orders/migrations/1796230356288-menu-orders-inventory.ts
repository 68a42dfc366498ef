import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isolateByTenant } from '../../../common/database/tenant-isolation.ts';

export class MenuOrdersInventory1796230356288 implements MigrationInterface {
  name = 'MenuOrdersInventory1796230356288';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "orders"."menu_categories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "menu_categories_tenant_name_key" UNIQUE ("tenant_id", "name"), CONSTRAINT "PK_124ae987900336f983881cb04e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "orders"."products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "category_id" uuid, "name" text NOT NULL, "description" text, "image_url" text, "tags" text array NOT NULL DEFAULT '{}', "allergens" text array NOT NULL DEFAULT '{}', "modifier_group_ids" uuid array NOT NULL DEFAULT '{}', "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "products_tenant_category_idx" ON "orders"."products"  ("tenant_id", "category_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "orders"."product_variants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "product_id" uuid NOT NULL, "name" text NOT NULL, "prices" jsonb NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_281e3f2c55652d6a22c0aa59fd7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "product_variants_product_idx" ON "orders"."product_variants"  ("product_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "orders"."modifier_groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "min_selections" integer NOT NULL, "max_selections" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b3cea1c985339de5ea73d77101d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "orders"."modifier_options" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "group_id" uuid NOT NULL, "name" text NOT NULL, "price_deltas" jsonb NOT NULL DEFAULT '{}', "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_55e07bad7529e62c4d0f2b5fdc8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "modifier_options_group_idx" ON "orders"."modifier_options"  ("group_id") `);
    await queryRunner.query(
      `CREATE TABLE "orders"."store_products" ("tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "available" boolean NOT NULL DEFAULT true, "prices" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_322b71396fadd6dd27a4d6254ff" PRIMARY KEY ("store_id", "product_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "orders"."orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "customer_id" uuid, "number" text NOT NULL, "status" text NOT NULL, "currency" character(3) NOT NULL, "subtotal" integer NOT NULL, "tax" integer NOT NULL, "total" integer NOT NULL, "prices_include_tax" boolean NOT NULL, "item_count" integer NOT NULL, "notes" text, "pickup_at" TIMESTAMP WITH TIME ZONE NOT NULL, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "ready_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancellation_reason" text, "paid_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "orders_tenant_placed_idx" ON "orders"."orders"  ("tenant_id", "placed_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "orders_store_status_pickup_idx" ON "orders"."orders"  ("store_id", "status", "pickup_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "orders_customer_placed_idx" ON "orders"."orders"  ("customer_id", "placed_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "orders"."order_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "order_id" uuid NOT NULL, "position" integer NOT NULL, "product_id" uuid NOT NULL, "variant_id" uuid NOT NULL, "product_name" text NOT NULL, "variant_name" text NOT NULL, "quantity" integer NOT NULL, "unit_price" integer NOT NULL, "modifiers" jsonb NOT NULL, "total" integer NOT NULL, CONSTRAINT "PK_627dcd7f1d707de4df241b2da6b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_lines_order_idx" ON "orders"."order_lines"  ("order_id") `);
    await queryRunner.query(
      `CREATE TABLE "orders"."ingredients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "unit" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ingredients_tenant_name_key" UNIQUE ("tenant_id", "name"), CONSTRAINT "PK_9240185c8a5507251c9f15e0649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "orders"."recipe_components" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "variant_id" uuid, "modifier_option_id" uuid, "ingredient_id" uuid NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "recipe_components_one_owner" CHECK ((variant_id IS NULL) <> (modifier_option_id IS NULL)), CONSTRAINT "recipe_components_positive" CHECK (quantity > 0), CONSTRAINT "PK_b08ea081ba8c1822eb2db723247" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "recipe_components_variant_idx" ON "orders"."recipe_components"  ("variant_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "recipe_components_option_idx" ON "orders"."recipe_components"  ("modifier_option_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "orders"."stock_levels" ("tenant_id" uuid NOT NULL, "store_id" uuid NOT NULL, "ingredient_id" uuid NOT NULL, "quantity" integer NOT NULL, "low_stock_threshold" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stock_levels_not_negative" CHECK (quantity >= 0), CONSTRAINT "PK_cb48dc2aeaa0c4304ba5ec99159" PRIMARY KEY ("store_id", "ingredient_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "orders"."stores" ADD "address" text`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" ADD "latitude" double precision`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" ADD "longitude" double precision`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" ADD "tax_rate_bps" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" ADD "prices_include_tax" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "orders"."stores" ADD "requires_payment_before_accept" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "orders"."stores" ADD "opening_hours" jsonb NOT NULL DEFAULT '[]'`);
    // Stores opened before hours existed keep trading as they did: every day, 07:00 to 19:00.
    await queryRunner.query(
      `UPDATE "orders"."stores" SET "opening_hours" = (SELECT jsonb_agg(jsonb_build_object('dayOfWeek', day, 'opens', '07:00', 'closes', '19:00')) FROM generate_series(1, 7) AS day)`,
    );
    for (const table of [
      'menu_categories',
      'products',
      'product_variants',
      'modifier_groups',
      'modifier_options',
      'store_products',
      'orders',
      'order_lines',
      'ingredients',
      'recipe_components',
      'stock_levels',
    ]) {
      await isolateByTenant(queryRunner, `"orders"."${table}"`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orders"."stores" DROP COLUMN "opening_hours"`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" DROP COLUMN "requires_payment_before_accept"`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" DROP COLUMN "prices_include_tax"`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" DROP COLUMN "tax_rate_bps"`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" DROP COLUMN "longitude"`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" DROP COLUMN "latitude"`);
    await queryRunner.query(`ALTER TABLE "orders"."stores" DROP COLUMN "address"`);
    await queryRunner.query(`DROP TABLE "orders"."stock_levels"`);
    await queryRunner.query(`DROP INDEX "orders"."recipe_components_option_idx"`);
    await queryRunner.query(`DROP INDEX "orders"."recipe_components_variant_idx"`);
    await queryRunner.query(`DROP TABLE "orders"."recipe_components"`);
    await queryRunner.query(`DROP TABLE "orders"."ingredients"`);
    await queryRunner.query(`DROP INDEX "orders"."order_lines_order_idx"`);
    await queryRunner.query(`DROP TABLE "orders"."order_lines"`);
    await queryRunner.query(`DROP INDEX "orders"."orders_customer_placed_idx"`);
    await queryRunner.query(`DROP INDEX "orders"."orders_store_status_pickup_idx"`);
    await queryRunner.query(`DROP INDEX "orders"."orders_tenant_placed_idx"`);
    await queryRunner.query(`DROP TABLE "orders"."orders"`);
    await queryRunner.query(`DROP TABLE "orders"."store_products"`);
    await queryRunner.query(`DROP INDEX "orders"."modifier_options_group_idx"`);
    await queryRunner.query(`DROP TABLE "orders"."modifier_options"`);
    await queryRunner.query(`DROP TABLE "orders"."modifier_groups"`);
    await queryRunner.query(`DROP INDEX "orders"."product_variants_product_idx"`);
    await queryRunner.query(`DROP TABLE "orders"."product_variants"`);
    await queryRunner.query(`DROP INDEX "orders"."products_tenant_category_idx"`);
    await queryRunner.query(`DROP TABLE "orders"."products"`);
    await queryRunner.query(`DROP TABLE "orders"."menu_categories"`);
  }
}
