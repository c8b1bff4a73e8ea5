CREATE TABLE `library_items` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `kind`, `item_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `library_items_saved` ON `library_items` (`user_id`,`kind`,`saved_at`);--> statement-breakpoint
CREATE INDEX `library_items_item` ON `library_items` (`kind`,`item_id`);--> statement-breakpoint
CREATE TABLE `playlist_activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`playlist_id` text NOT NULL,
	`user_id` text,
	`action` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	`snapshot_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`playlist_id`) REFERENCES `playlists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `playlist_activity_playlist` ON `playlist_activity` (`playlist_id`,`id`);--> statement-breakpoint
CREATE TABLE `playlist_collaborators` (
	`playlist_id` text NOT NULL,
	`user_id` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`playlist_id`, `user_id`),
	FOREIGN KEY (`playlist_id`) REFERENCES `playlists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `playlist_collaborators_user` ON `playlist_collaborators` (`user_id`);--> statement-breakpoint
CREATE TABLE `playlist_follows` (
	`playlist_id` text NOT NULL,
	`user_id` text NOT NULL,
	`public` integer DEFAULT true NOT NULL,
	`followed_at` integer NOT NULL,
	PRIMARY KEY(`playlist_id`, `user_id`),
	FOREIGN KEY (`playlist_id`) REFERENCES `playlists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `playlist_follows_user` ON `playlist_follows` (`user_id`,`followed_at`);--> statement-breakpoint
CREATE TABLE `playlist_items` (
	`playlist_id` text NOT NULL,
	`position` integer NOT NULL,
	`track_id` text NOT NULL,
	`added_by` text,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`playlist_id`, `position`),
	FOREIGN KEY (`playlist_id`) REFERENCES `playlists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `playlists` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`public` integer DEFAULT true NOT NULL,
	`collaborative` integer DEFAULT false NOT NULL,
	`snapshot_id` text NOT NULL,
	`item_count` integer DEFAULT 0 NOT NULL,
	`share_token` text,
	`invite_token` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `playlists_owner` ON `playlists` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `playlists_share_token` ON `playlists` (`share_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `playlists_invite_token` ON `playlists` (`invite_token`);--> statement-breakpoint
ALTER TABLE `users` ADD `share_activity` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `notifications_read_at` integer DEFAULT 0 NOT NULL;