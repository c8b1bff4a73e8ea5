CREATE TABLE `counted_plays` (
	`event_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`track_id` text NOT NULL,
	`played_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `counted_plays_played_at` ON `counted_plays` (`played_at`);--> statement-breakpoint
CREATE TABLE `track_plays` (
	`track_id` text PRIMARY KEY NOT NULL,
	`plays` integer DEFAULT 0 NOT NULL,
	`last_played_at` integer NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `user_artist_affinities` (
	`user_id` text NOT NULL,
	`artist_id` text NOT NULL,
	`plays` integer DEFAULT 0 NOT NULL,
	`last_played_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `artist_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE cascade
);
