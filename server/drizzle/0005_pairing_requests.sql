CREATE TABLE `pairing_guesses` (
	`who` text PRIMARY KEY NOT NULL,
	`since` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pairing_guesses_since` ON `pairing_guesses` (`since`);--> statement-breakpoint
CREATE TABLE `pairing_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`live_code` text,
	`kind` text NOT NULL,
	`secret_hash` text NOT NULL,
	`seal_key` text NOT NULL,
	`address` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`confirmed_at` integer,
	`device_id` integer,
	`device_name` text,
	`sealed_token` text,
	`forget_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pairing_requests_live_code` ON `pairing_requests` (`live_code`);--> statement-breakpoint
CREATE INDEX `pairing_requests_code` ON `pairing_requests` (`code`);--> statement-breakpoint
CREATE INDEX `pairing_requests_forget_at` ON `pairing_requests` (`forget_at`);