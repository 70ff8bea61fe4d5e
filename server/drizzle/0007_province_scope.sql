CREATE TABLE `assignments` (
	`user_id` integer NOT NULL,
	`site_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `site_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assignments_site` ON `assignments` (`site_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `site_id` integer REFERENCES sites(id);--> statement-breakpoint
ALTER TABLE `sites` ADD `code` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `address` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `hours` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `languages` text DEFAULT '["vi","en"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `province_role` text;