ALTER TABLE "ratings" ADD COLUMN "scale" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "channel" text DEFAULT 'phone' NOT NULL;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "rating_scale" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "rating_reasons" jsonb;--> statement-breakpoint
-- hand-written: ratings given on the four-level scale (1 Không hài lòng … 4 Rất hài lòng) move onto
-- the common five-level scale one level up (1 → 2 Không hài lòng, 2 → 3 Bình thường, 3 → 4 Hài lòng,
-- 4 → 5 Rất hài lòng; see shared/ratings.ts), noted as given on the four-level scale. Every row that
-- exists when this runs predates the five-level scale.
UPDATE ratings SET score = score + 1, scale = 4;
