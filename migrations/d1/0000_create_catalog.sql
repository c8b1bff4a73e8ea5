CREATE TABLE `albums` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`artist_id` text NOT NULL,
	`album_type` text DEFAULT 'album' NOT NULL,
	`release_date` text,
	`release_date_precision` text,
	`genre_id` text,
	`cover_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`genre_id`) REFERENCES `genres`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `albums_artist_name_unique` ON `albums` (`artist_id`,`name_key`);--> statement-breakpoint
CREATE TABLE `artist_genres` (
	`artist_id` text NOT NULL,
	`genre_id` text NOT NULL,
	PRIMARY KEY(`artist_id`, `genre_id`),
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`genre_id`) REFERENCES `genres`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `artists` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`popularity` integer DEFAULT 0 NOT NULL,
	`managed_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`managed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `artists_name_key_unique` ON `artists` (`name_key`);--> statement-breakpoint
CREATE TABLE `encodes` (
	`id` text PRIMARY KEY NOT NULL,
	`track_id` text NOT NULL,
	`job_id` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`integrated_lufs` real NOT NULL,
	`true_peak_dbtp` real NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `encodes_track` ON `encodes` (`track_id`);--> statement-breakpoint
CREATE TABLE `genres` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`family_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `refresh_tokens_family` ON `refresh_tokens` (`family_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_user` ON `refresh_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `renditions` (
	`encode_id` text NOT NULL,
	`quality` text NOT NULL,
	`codec` text NOT NULL,
	`codecs` text NOT NULL,
	`bitrate_kbps` integer NOT NULL,
	`average_bitrate_bps` integer NOT NULL,
	`peak_bitrate_bps` integer NOT NULL,
	`sample_rate` integer NOT NULL,
	`channels` integer NOT NULL,
	`init_size` integer NOT NULL,
	`segment_count` integer NOT NULL,
	`segment_sizes` text NOT NULL,
	`segment_durations_ms` text NOT NULL,
	PRIMARY KEY(`encode_id`, `quality`),
	FOREIGN KEY (`encode_id`) REFERENCES `encodes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tracks` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`album_id` text NOT NULL,
	`artist_id` text NOT NULL,
	`isrc` text,
	`explicit` integer DEFAULT false NOT NULL,
	`duration_ms` integer NOT NULL,
	`track_number` integer DEFAULT 1 NOT NULL,
	`disc_number` integer DEFAULT 1 NOT NULL,
	`popularity` integer DEFAULT 0 NOT NULL,
	`markets` text,
	`current_encode_id` text,
	`uploaded_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`album_id`) REFERENCES `albums`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`artist_id`) REFERENCES `artists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `tracks_album` ON `tracks` (`album_id`,`disc_number`,`track_number`);--> statement-breakpoint
CREATE INDEX `tracks_artist` ON `tracks` (`artist_id`);--> statement-breakpoint
CREATE INDEX `tracks_isrc` ON `tracks` (`isrc`);--> statement-breakpoint
CREATE TABLE `transcode_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`track_id` text NOT NULL,
	`original_key` text NOT NULL,
	`source_codec` text,
	`source_sample_rate` integer,
	`source_channels` integer,
	`source_bit_depth` integer,
	`kind` text DEFAULT 'music' NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`error` text,
	`encode_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `transcode_jobs_track` ON `transcode_jobs` (`track_id`);--> statement-breakpoint
CREATE INDEX `transcode_jobs_encode` ON `transcode_jobs` (`encode_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`display_name` text NOT NULL,
	`country` text NOT NULL,
	`product` text DEFAULT 'free' NOT NULL,
	`role` text DEFAULT 'listener' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);