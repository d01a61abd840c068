-- index ix_movies_digital_release on movies
CREATE INDEX ix_movies_digital_release ON movies (digital_release);

-- index ix_movies_imdb_id on movies
CREATE INDEX ix_movies_imdb_id ON movies (imdb_id);

-- index ix_movies_in_cinemas on movies
CREATE INDEX ix_movies_in_cinemas ON movies (in_cinemas);

-- index ix_movies_physical_release on movies
CREATE INDEX ix_movies_physical_release ON movies (physical_release);

-- index sqlite_autoindex_movie_files_1 on movie_files
(made by SQLite for a constraint);

-- index sqlite_autoindex_movies_1 on movies
(made by SQLite for a constraint);

-- index sqlite_autoindex_movies_2 on movies
(made by SQLite for a constraint);

-- index sqlite_autoindex_movies_3 on movies
(made by SQLite for a constraint);

-- index sqlite_autoindex_movies_config_1 on movies_config
(made by SQLite for a constraint);

-- table movie_files on movie_files
CREATE TABLE movie_files (
	id INTEGER NOT NULL, 
	movie_id INTEGER NOT NULL, 
	relative_path VARCHAR(1000) NOT NULL, 
	path VARCHAR(2000) NOT NULL, 
	size BIGINT NOT NULL, 
	date_added DATETIME NOT NULL, 
	scene_name VARCHAR(500), 
	release_group VARCHAR(200), 
	quality VARCHAR(100) NOT NULL, 
	edition VARCHAR(200), 
	languages JSON NOT NULL, quality_model JSON, custom_format_score INTEGER DEFAULT '0' NOT NULL, original_file_path VARCHAR(2000), download_id VARCHAR(100), media_info JSON, 
	PRIMARY KEY (id), 
	UNIQUE (movie_id), 
	FOREIGN KEY(movie_id) REFERENCES movies (id) ON DELETE CASCADE
);

-- table movies on movies
CREATE TABLE movies (
	id INTEGER NOT NULL, 
	tmdb_id INTEGER NOT NULL, 
	imdb_id VARCHAR(20), 
	title VARCHAR(500) NOT NULL, 
	original_title VARCHAR(500) NOT NULL, 
	original_language VARCHAR(20), 
	sort_title VARCHAR(500) NOT NULL, 
	title_slug VARCHAR(500) NOT NULL, 
	tmdb_status VARCHAR(50) NOT NULL, 
	overview TEXT NOT NULL, 
	year INTEGER, 
	in_cinemas DATE, 
	digital_release DATE, 
	physical_release DATE, 
	runtime INTEGER NOT NULL, 
	genres JSON NOT NULL, 
	studio VARCHAR(500), 
	website VARCHAR(1000), 
	certification VARCHAR(50), 
	rating FLOAT, 
	votes INTEGER NOT NULL, 
	popularity FLOAT NOT NULL, 
	poster_url VARCHAR(1000), 
	fanart_url VARCHAR(1000), 
	youtube_trailer_id VARCHAR(50), 
	collection_tmdb_id INTEGER, 
	collection_title VARCHAR(500), 
	alternate_titles JSON NOT NULL, 
	monitored BOOLEAN NOT NULL, 
	minimum_availability VARCHAR(20) NOT NULL, 
	quality_profile_id INTEGER NOT NULL, 
	path VARCHAR(1000) NOT NULL, 
	root_folder_path VARCHAR(1000) NOT NULL, 
	tags JSON NOT NULL, 
	added DATETIME NOT NULL, 
	last_info_sync DATETIME, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (tmdb_id), 
	UNIQUE (title_slug), 
	UNIQUE (path)
);

-- table movies_config on movies_config
CREATE TABLE movies_config (
	"key" VARCHAR(50) NOT NULL, 
	value JSON NOT NULL, 
	PRIMARY KEY ("key")
);

-- table movies_import_journal on movies_import_journal
CREATE TABLE movies_import_journal (
	id INTEGER NOT NULL, 
	created DATETIME NOT NULL, 
	payload JSON NOT NULL, 
	PRIMARY KEY (id)
);

