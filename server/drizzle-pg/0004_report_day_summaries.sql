ALTER TABLE "report_days" ADD COLUMN "summary" "bytea";--> statement-breakpoint
ALTER TABLE "report_days" ADD COLUMN "summary_key" text;