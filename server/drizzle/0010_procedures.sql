CREATE TABLE `procedures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`code` text NOT NULL,
	`name_vi` text NOT NULL,
	`name_en` text DEFAULT '' NOT NULL,
	`papers` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `procedures_site_code` ON `procedures` (`site_id`,`code`);--> statement-breakpoint
CREATE INDEX `procedures_service` ON `procedures` (`service_id`);--> statement-breakpoint
CREATE TABLE `visit_outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`procedure_id` integer,
	`outcome` text NOT NULL,
	`case_code` text,
	`reason` text,
	`staff_id` integer,
	`counter_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`procedure_id`) REFERENCES `procedures`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counter_id`) REFERENCES `counters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visit_outcomes_ticket` ON `visit_outcomes` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `visit_outcomes_site_at` ON `visit_outcomes` (`site_id`,`at`);--> statement-breakpoint
ALTER TABLE `sites` ADD `outcome_required` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `procedure_id` integer REFERENCES procedures(id);