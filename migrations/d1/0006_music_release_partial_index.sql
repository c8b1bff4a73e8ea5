DROP INDEX `albums_release`;--> statement-breakpoint
CREATE INDEX `albums_release` ON `albums` (`release_date`) WHERE kind = 'music';