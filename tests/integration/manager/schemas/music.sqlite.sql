-- index ix_albums_mbid on albums
CREATE INDEX ix_albums_mbid ON albums (mbid);

-- index ix_albums_release_date on albums
CREATE INDEX ix_albums_release_date ON albums (release_date);

-- index ix_artists_clean_name on artists
CREATE INDEX ix_artists_clean_name ON artists (clean_name);

-- index ix_track_file_details_download_id on track_file_details
CREATE INDEX ix_track_file_details_download_id ON track_file_details (download_id);

-- index ix_track_files_album_id on track_files
CREATE INDEX ix_track_files_album_id ON track_files (album_id);

-- index ix_track_files_artist_id on track_files
CREATE INDEX ix_track_files_artist_id ON track_files (artist_id);

-- index ix_tracks_album_id on tracks
CREATE INDEX ix_tracks_album_id ON tracks (album_id);

-- index ix_tracks_recording_mbid on tracks
CREATE INDEX ix_tracks_recording_mbid ON tracks (recording_mbid);

-- index ix_tracks_track_file_id on tracks
CREATE INDEX ix_tracks_track_file_id ON tracks (track_file_id);

-- index sqlite_autoindex_albums_1 on albums
(made by SQLite for a constraint);

-- index sqlite_autoindex_artists_1 on artists
(made by SQLite for a constraint);

-- index sqlite_autoindex_artists_2 on artists
(made by SQLite for a constraint);

-- index sqlite_autoindex_metadata_profiles_1 on metadata_profiles
(made by SQLite for a constraint);

-- index sqlite_autoindex_music_config_1 on music_config
(made by SQLite for a constraint);

-- index sqlite_autoindex_tracks_1 on tracks
(made by SQLite for a constraint);

-- table albums on albums
CREATE TABLE albums (
	id INTEGER NOT NULL, 
	artist_id INTEGER NOT NULL, 
	mbid VARCHAR(36) NOT NULL, 
	title VARCHAR(1000) NOT NULL, 
	disambiguation VARCHAR(1000) NOT NULL, 
	album_type VARCHAR(20) NOT NULL, 
	secondary_types JSON NOT NULL, 
	release_date DATE, 
	genres JSON NOT NULL, 
	rating FLOAT, 
	rating_votes INTEGER NOT NULL, 
	monitored BOOLEAN NOT NULL, 
	any_release_ok BOOLEAN NOT NULL, 
	release_mbid VARCHAR(36), 
	releases JSON NOT NULL, 
	cover_url VARCHAR(1000), 
	added DATETIME NOT NULL, 
	last_info_sync DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (artist_id, mbid), 
	FOREIGN KEY(artist_id) REFERENCES artists (id) ON DELETE CASCADE
);

-- table artists on artists
CREATE TABLE artists (
	id INTEGER NOT NULL, 
	mbid VARCHAR(36) NOT NULL, 
	name VARCHAR(500) NOT NULL, 
	sort_name VARCHAR(500) NOT NULL, 
	clean_name VARCHAR(500) NOT NULL, 
	disambiguation VARCHAR(1000) NOT NULL, 
	artist_type VARCHAR(50) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	overview TEXT NOT NULL, 
	genres JSON NOT NULL, 
	links JSON NOT NULL, 
	rating FLOAT, 
	rating_votes INTEGER NOT NULL, 
	monitored BOOLEAN NOT NULL, 
	monitor_new_items VARCHAR(20) NOT NULL, 
	quality_profile_id INTEGER NOT NULL, 
	metadata_profile_id INTEGER NOT NULL, 
	path VARCHAR(1000) NOT NULL, 
	root_folder_path VARCHAR(1000) NOT NULL, 
	tags JSON NOT NULL, 
	added DATETIME NOT NULL, 
	last_info_sync DATETIME, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (mbid), 
	UNIQUE (path)
);

-- table metadata_profiles on metadata_profiles
CREATE TABLE metadata_profiles (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	primary_types JSON NOT NULL, 
	secondary_types JSON NOT NULL, 
	release_statuses JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);

-- table music_config on music_config
CREATE TABLE music_config (
	"key" VARCHAR(50) NOT NULL, 
	value JSON NOT NULL, 
	PRIMARY KEY ("key")
);

-- table music_import_journal on music_import_journal
CREATE TABLE music_import_journal (
	id INTEGER NOT NULL, 
	created DATETIME NOT NULL, 
	payload JSON NOT NULL, 
	PRIMARY KEY (id)
);

-- table track_file_details on track_file_details
CREATE TABLE track_file_details (
	track_file_id INTEGER NOT NULL, 
	quality JSON NOT NULL, 
	custom_format_score INTEGER NOT NULL, 
	source_path VARCHAR(2000), 
	download_id VARCHAR(100), 
	PRIMARY KEY (track_file_id), 
	FOREIGN KEY(track_file_id) REFERENCES track_files (id) ON DELETE CASCADE
);

-- table track_files on track_files
CREATE TABLE track_files (
	id INTEGER NOT NULL, 
	artist_id INTEGER NOT NULL, 
	album_id INTEGER NOT NULL, 
	relative_path VARCHAR(1000) NOT NULL, 
	path VARCHAR(2000) NOT NULL, 
	size BIGINT NOT NULL, 
	date_added DATETIME NOT NULL, 
	scene_name VARCHAR(500), 
	release_group VARCHAR(200), 
	quality VARCHAR(100) NOT NULL, 
	audio_tags JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(artist_id) REFERENCES artists (id) ON DELETE CASCADE, 
	FOREIGN KEY(album_id) REFERENCES albums (id) ON DELETE CASCADE
);

-- table tracks on tracks
CREATE TABLE tracks (
	id INTEGER NOT NULL, 
	artist_id INTEGER NOT NULL, 
	album_id INTEGER NOT NULL, 
	mbid VARCHAR(36) NOT NULL, 
	recording_mbid VARCHAR(36) NOT NULL, 
	title VARCHAR(1000) NOT NULL, 
	medium_number INTEGER NOT NULL, 
	track_number VARCHAR(20) NOT NULL, 
	absolute_number INTEGER NOT NULL, 
	duration_ms INTEGER, 
	track_file_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (album_id, mbid), 
	FOREIGN KEY(artist_id) REFERENCES artists (id) ON DELETE CASCADE, 
	FOREIGN KEY(album_id) REFERENCES albums (id) ON DELETE CASCADE, 
	FOREIGN KEY(track_file_id) REFERENCES track_files (id) ON DELETE SET NULL
);

