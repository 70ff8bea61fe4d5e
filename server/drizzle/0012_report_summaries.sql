CREATE TABLE `report_summaries` (
	`site_id` integer NOT NULL,
	`service_day` text NOT NULL,
	`format` integer NOT NULL,
	`max_ticket_id` integer NOT NULL,
	`summary_key` text NOT NULL,
	`summary` blob NOT NULL,
	PRIMARY KEY(`site_id`, `service_day`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- hand-written: the summaries already made move to their table before their columns go.
INSERT INTO report_summaries (site_id, service_day, format, max_ticket_id, summary_key, summary)
  SELECT site_id, service_day, format, max_ticket_id, summary_key, summary FROM report_days
  WHERE summary IS NOT NULL AND summary_key IS NOT NULL;--> statement-breakpoint
ALTER TABLE `report_days` DROP COLUMN `summary`;--> statement-breakpoint
ALTER TABLE `report_days` DROP COLUMN `summary_key`;