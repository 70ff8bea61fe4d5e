ALTER TABLE `report_days` ADD `summary` blob;--> statement-breakpoint
ALTER TABLE `report_days` ADD `summary_key` text;