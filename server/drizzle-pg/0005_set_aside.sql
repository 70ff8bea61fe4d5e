ALTER TABLE "sites" ADD COLUMN "aside_alert_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "aside_at" bigint;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "aside_ms" integer DEFAULT 0 NOT NULL;