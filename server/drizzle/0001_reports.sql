CREATE TABLE `report_days` (
	`site_id` integer NOT NULL,
	`service_day` text NOT NULL,
	`format` integer NOT NULL,
	`ticket_count` integer NOT NULL,
	`max_ticket_id` integer NOT NULL,
	`facts` blob NOT NULL,
	`built_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `service_day`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_site_type_at` ON `events` (`site_id`,`type`,`at`);