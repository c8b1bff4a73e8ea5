CREATE TABLE `episodes` (
	`id` text PRIMARY KEY NOT NULL,
	`show_id` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`release_date` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`show_id`) REFERENCES `shows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `episodes_show` ON `episodes` (`show_id`,`release_date`);--> statement-breakpoint
CREATE TABLE `lyrics` (
	`track_id` text PRIMARY KEY NOT NULL,
	`synced` integer NOT NULL,
	`lines` text NOT NULL,
	`language` text,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `shows` (
	`id` text PRIMARY KEY NOT NULL,
	`publisher` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`explicit` integer DEFAULT false NOT NULL,
	`languages` text DEFAULT 'en' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `albums`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `albums` ADD `kind` text DEFAULT 'music' NOT NULL;--> statement-breakpoint
CREATE INDEX `albums_release` ON `albums` (`kind`,`release_date`);--> statement-breakpoint
ALTER TABLE `artists` ADD `kind` text DEFAULT 'music' NOT NULL;--> statement-breakpoint
UPDATE `artists` SET `kind` = 'ad' WHERE `name_key` LIKE 'ad:%';--> statement-breakpoint
UPDATE `albums` SET `kind` = 'ad' WHERE `id` IN (SELECT `album_id` FROM `tracks` WHERE `kind` = 'ad');
