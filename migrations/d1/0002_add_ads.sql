CREATE TABLE `ads` (
	`id` text PRIMARY KEY NOT NULL,
	`track_id` text NOT NULL,
	`advertiser` text NOT NULL,
	`click_url` text,
	`active` integer DEFAULT true NOT NULL,
	`impressions` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ads_track_unique` ON `ads` (`track_id`);--> statement-breakpoint
ALTER TABLE `tracks` ADD `kind` text DEFAULT 'music' NOT NULL;