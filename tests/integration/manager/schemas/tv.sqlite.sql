-- index ix_episode_file_details_download_id on episode_file_details
CREATE INDEX ix_episode_file_details_download_id ON episode_file_details (download_id);

-- index ix_episode_files_series_id on episode_files
CREATE INDEX ix_episode_files_series_id ON episode_files (series_id);

-- index ix_episodes_episode_file_id on episodes
CREATE INDEX ix_episodes_episode_file_id ON episodes (episode_file_id);

-- index ix_series_tvdb_id on series
CREATE INDEX ix_series_tvdb_id ON series (tvdb_id);

-- index sqlite_autoindex_episodes_1 on episodes
(made by SQLite for a constraint);

-- index sqlite_autoindex_seasons_1 on seasons
(made by SQLite for a constraint);

-- index sqlite_autoindex_series_1 on series
(made by SQLite for a constraint);

-- index sqlite_autoindex_series_2 on series
(made by SQLite for a constraint);

-- index sqlite_autoindex_series_3 on series
(made by SQLite for a constraint);

-- index sqlite_autoindex_tv_config_1 on tv_config
(made by SQLite for a constraint);

-- table episode_file_details on episode_file_details
CREATE TABLE episode_file_details (
	episode_file_id INTEGER NOT NULL, 
	quality JSON NOT NULL, 
	custom_format_score INTEGER NOT NULL, 
	source_path VARCHAR(2000), 
	download_id VARCHAR(100), 
	PRIMARY KEY (episode_file_id), 
	FOREIGN KEY(episode_file_id) REFERENCES episode_files (id) ON DELETE CASCADE
);

-- table episode_files on episode_files
CREATE TABLE episode_files (
	id INTEGER NOT NULL, 
	series_id INTEGER NOT NULL, 
	season_number INTEGER NOT NULL, 
	relative_path VARCHAR(1000) NOT NULL, 
	path VARCHAR(2000) NOT NULL, 
	size BIGINT NOT NULL, 
	date_added DATETIME NOT NULL, 
	scene_name VARCHAR(500), 
	release_group VARCHAR(200), 
	quality VARCHAR(100) NOT NULL, 
	languages JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(series_id) REFERENCES series (id) ON DELETE CASCADE
);

-- table episodes on episodes
CREATE TABLE episodes (
	id INTEGER NOT NULL, 
	series_id INTEGER NOT NULL, 
	tvmaze_id INTEGER, 
	season_number INTEGER NOT NULL, 
	episode_number INTEGER NOT NULL, 
	absolute_episode_number INTEGER, 
	title VARCHAR(500) NOT NULL, 
	overview TEXT NOT NULL, 
	air_date DATE, 
	air_date_utc DATETIME, 
	runtime INTEGER, 
	monitored BOOLEAN NOT NULL, 
	episode_file_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (series_id, season_number, episode_number), 
	FOREIGN KEY(series_id) REFERENCES series (id) ON DELETE CASCADE, 
	FOREIGN KEY(episode_file_id) REFERENCES episode_files (id) ON DELETE SET NULL
);

-- table seasons on seasons
CREATE TABLE seasons (
	id INTEGER NOT NULL, 
	series_id INTEGER NOT NULL, 
	season_number INTEGER NOT NULL, 
	monitored BOOLEAN NOT NULL, 
	poster_url VARCHAR(1000), 
	PRIMARY KEY (id), 
	UNIQUE (series_id, season_number), 
	FOREIGN KEY(series_id) REFERENCES series (id) ON DELETE CASCADE
);

-- table series on series
CREATE TABLE series (
	id INTEGER NOT NULL, 
	tvmaze_id INTEGER NOT NULL, 
	tvdb_id INTEGER, 
	imdb_id VARCHAR(20), 
	tvrage_id INTEGER, 
	title VARCHAR(500) NOT NULL, 
	sort_title VARCHAR(500) NOT NULL, 
	title_slug VARCHAR(500) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	overview TEXT NOT NULL, 
	network VARCHAR(200), 
	air_time VARCHAR(10), 
	runtime INTEGER NOT NULL, 
	year INTEGER, 
	first_aired DATE, 
	last_aired DATE, 
	genres JSON NOT NULL, 
	language VARCHAR(50), 
	rating FLOAT, 
	poster_url VARCHAR(1000), 
	fanart_url VARCHAR(1000), 
	series_type VARCHAR(20) NOT NULL, 
	season_folder BOOLEAN NOT NULL, 
	monitored BOOLEAN NOT NULL, 
	monitor_new_items VARCHAR(20) NOT NULL, 
	quality_profile_id INTEGER NOT NULL, 
	language_profile_id INTEGER NOT NULL, 
	path VARCHAR(1000) NOT NULL, 
	root_folder_path VARCHAR(1000) NOT NULL, 
	tags JSON NOT NULL, 
	added DATETIME NOT NULL, 
	last_info_sync DATETIME, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (tvmaze_id), 
	UNIQUE (title_slug), 
	UNIQUE (path)
);

-- table tv_config on tv_config
CREATE TABLE tv_config (
	"key" VARCHAR(50) NOT NULL, 
	value JSON NOT NULL, 
	PRIMARY KEY ("key")
);

-- table tv_import_journal on tv_import_journal
CREATE TABLE tv_import_journal (
	id INTEGER NOT NULL, 
	created DATETIME NOT NULL, 
	payload JSON NOT NULL, 
	PRIMARY KEY (id)
);

