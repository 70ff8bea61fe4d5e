DROP INDEX "tickets_day";--> statement-breakpoint
CREATE INDEX "tickets_day" ON "tickets" USING btree ("site_id","service_day","id");