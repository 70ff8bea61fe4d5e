DROP INDEX `tickets_day`;--> statement-breakpoint
CREATE INDEX `tickets_day` ON `tickets` (`site_id`,`service_day`,`id`);