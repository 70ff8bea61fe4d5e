ALTER TABLE `sites` ADD `aside_alert_minutes` integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `aside_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `aside_ms` integer DEFAULT 0 NOT NULL;