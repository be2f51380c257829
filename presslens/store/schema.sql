-- The presslens corpus schema, for people who query the file directly.
--
-- Each "-- migration N: title" header starts one numbered migration. presslens applies, in
-- order, every migration above the file's PRAGMA user_version, each in its own transaction,
-- and sets user_version to N. Never edit a released migration: append a new one.
--
-- Conventions: article ids are TEXT (a hash of the canonical URL, else of the normalised
-- text); lists and nested records are JSON text (query them with json_each); character
-- offsets index into articles.text; times are ISO 8601 UTC text.

-- migration 1: initial schema

-- One row per stored article. Exact duplicates (same id, or same normalised text) are
-- stored once; near-duplicate copies (the same wire story on several sites) are stored,
-- each pointing at one row of `stories`.
CREATE TABLE articles (
    pk          INTEGER PRIMARY KEY,          -- internal; the FTS index refers to it
    id          TEXT NOT NULL UNIQUE,         -- stable article id (what `presslens show` takes)
    url         TEXT,
    site        TEXT,                         -- host name, e.g. www.example.com
    title       TEXT,
    authors     TEXT NOT NULL DEFAULT '[]',   -- JSON list of names
    agencies    TEXT NOT NULL DEFAULT '[]',   -- JSON list, e.g. ["AFP"]
    published   TEXT,                         -- ISO 8601 date or datetime, as found
    language    TEXT,                         -- ISO 639-1
    description TEXT,
    text        TEXT NOT NULL,                -- clean body text; paragraphs joined by blank lines
    paragraphs  TEXT NOT NULL DEFAULT '[]',   -- JSON [{start, end}] offsets into text
    captions    TEXT NOT NULL DEFAULT '[]',   -- JSON [{text, credit}]
    related     TEXT NOT NULL DEFAULT '[]',   -- JSON [{title, url}]
    extractor   TEXT NOT NULL,                -- what produced the article
    analyzer    TEXT NOT NULL,                -- pipeline and model that found entities/quotes
    text_hash   TEXT NOT NULL UNIQUE,         -- sha256 of the normalised text (exact dedup)
    story_id    INTEGER NOT NULL REFERENCES stories(id),
    similarity  REAL,                         -- estimated Jaccard to the story's first article
    source      TEXT,                         -- where it came from (path, URL, WARC record)
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_site ON articles(site);

-- A story groups near-duplicate articles (MinHash over word shingles, see store/dedup.py).
-- Speaker counts are counts of distinct stories, so ten copies of one wire story count once.
CREATE TABLE stories (
    id               INTEGER PRIMARY KEY,
    first_article_id TEXT NOT NULL,           -- the copy that opened the story
    created_at       TEXT NOT NULL
);

-- MinHash signature of each article and its LSH band hashes, to find near-duplicates.
CREATE TABLE article_signatures (
    article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
    signature  BLOB NOT NULL                  -- 64 little-endian uint32 minima
);
CREATE TABLE article_bands (
    band       INTEGER NOT NULL,              -- 0..15
    hash       INTEGER NOT NULL,              -- hash of that band's 4 minima
    article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_pk)
) WITHOUT ROWID;

-- Canonical speakers across the corpus: one row per person (or organisation) quoted.
CREATE TABLE speakers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,                -- canonical display name, e.g. Alexander Lukashenko
    kind        TEXT NOT NULL,                -- entity kind: PERSON, ORG, ...
    first_name  TEXT,                         -- matching key of the first name; NULL if never seen
    middle_name TEXT,                         -- matching key of the first middle name or initial
    surname     TEXT,                         -- matching key of the surname (PERSON only)
    created_at  TEXT NOT NULL
);
CREATE INDEX speakers_surname ON speakers(surname);

-- Every spelling a speaker was seen under ("Lukashenko", "Alexander G. Lukashenko").
CREATE TABLE speaker_aliases (
    speaker_id INTEGER NOT NULL REFERENCES speakers(id),
    alias      TEXT NOT NULL,                 -- as written
    alias_key  TEXT NOT NULL,                 -- case-, accent- and punctuation-folded
    mentions   INTEGER NOT NULL DEFAULT 0,    -- entities resolved through this alias
    PRIMARY KEY (speaker_id, alias)
);
CREATE INDEX speaker_aliases_key ON speaker_aliases(alias_key);

-- In-article entity clusters (people, organisations, places...).
CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL,                 -- id within the article, e.g. e3
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,                 -- PERSON, ORG, GPE, NORP, LOC, OTHER
    mentions   TEXT NOT NULL DEFAULT '[]',    -- JSON [{start, end}] offsets into articles.text
    speaker_id INTEGER REFERENCES speakers(id), -- set when the entity is quoted
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX entities_speaker ON entities(speaker_id);

-- One row per quote. `text` is articles.text[start:end].
CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,           -- order within the article
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    kind          TEXT NOT NULL,              -- direct | indirect | mixed
    parts         TEXT NOT NULL DEFAULT '[]', -- JSON [{start, end}] content pieces
    cue_start     INTEGER,
    cue_end       INTEGER,
    cue_lemma     TEXT,                       -- e.g. say, deny, according to
    speaker_start INTEGER,                    -- the speaker mention ("he", "the minister")
    speaker_end   INTEGER,
    entity_id     TEXT,                       -- the speaker's in-article entity
    speaker_name  TEXT,                       -- that entity's name in this article
    speaker_id    INTEGER REFERENCES speakers(id),
    confidence    REAL NOT NULL,
    story_id      INTEGER NOT NULL,           -- copy of articles.story_id
    duplicate_of  INTEGER REFERENCES quotes(id), -- same quote in an earlier copy of the story
    UNIQUE (article_id, seq)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_story ON quotes(story_id);

-- Full-text search (FTS5) over article titles and text, and over quotes; both are
-- external-content indexes kept in step by the triggers below.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name, content='quotes', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
        VALUES ('delete', old.id, old.text, old.speaker_name);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker_name ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
        VALUES ('delete', old.id, old.text, old.speaker_name);
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;

-- Inputs that failed or yielded no article. The batch goes on; `presslens errors` lists
-- them and `presslens ingest --retry-errors` retries them (and deletes those that succeed).
CREATE TABLE errors (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,               -- the input: path, URL, WARC target URL
    source_key   TEXT NOT NULL UNIQUE,        -- stable key (see ingest_progress)
    stage        TEXT NOT NULL,               -- source | extract | analyze | store
    code         TEXT NOT NULL,               -- stable slug, e.g. fetch-failed, no-article
    reason       TEXT NOT NULL,               -- human-readable message
    time         TEXT NOT NULL,               -- last attempt
    attempts     INTEGER NOT NULL DEFAULT 1,
    raw          BLOB,                        -- the input bytes when known, to retry without refetching
    content_type TEXT,
    encoding     TEXT,
    origin       TEXT
);

-- What an ingest has already finished, one row per input document, committed in the same
-- transaction as its article: a killed ingest resumes by skipping these keys.
CREATE TABLE ingest_progress (
    source_key TEXT PRIMARY KEY,              -- canonical URL or path of the input
    status     TEXT NOT NULL,                 -- stored | duplicate | failed
    article_id TEXT,                          -- the stored (or already present) article
    time       TEXT NOT NULL
) WITHOUT ROWID;

-- migration 2: what a quote reports, page class, speaker roles, replaced bytes

-- statement | belief | finding: the default views show statements (see presslens.model).
ALTER TABLE quotes ADD COLUMN act TEXT NOT NULL DEFAULT 'statement';
CREATE INDEX quotes_act_confidence ON quotes(act, confidence);
-- news | other (NULL: not classified); default views and speaker lists use news.
ALTER TABLE articles ADD COLUMN page_class TEXT;
-- undecodable byte sequences replaced with U+FFFD when the page was decoded
ALTER TABLE articles ADD COLUMN replaced_bytes INTEGER NOT NULL DEFAULT 0;
-- the title or descriptor stripped from an entity's name ("registered dietitian")
ALTER TABLE entities ADD COLUMN role TEXT;
-- the URL's host without "www." (`site` may hold a display name such as "CNN")
ALTER TABLE articles ADD COLUMN host TEXT;
UPDATE articles SET host = ltrim(lower(
    CASE WHEN instr(url, '://') > 0 THEN substr(url, instr(url, '://') + 3) END), '/');
UPDATE articles SET host = substr(host, 1, instr(host, '/') - 1) WHERE instr(host, '/') > 0;
UPDATE articles SET host = substr(host, 1, instr(host, ':') - 1) WHERE instr(host, ':') > 0;
UPDATE articles SET host = substr(host, 5) WHERE host LIKE 'www.%';
CREATE INDEX articles_host ON articles(host);

-- migration 3: ingest claims

-- Inputs an ingest is working on right now. A second ingest of the same inputs skips what
-- is claimed here instead of analysing it again. A claim goes when its input's progress
-- row commits (or its ingest ends); one whose owner process is gone may be taken over.
CREATE TABLE ingest_claims (
    source_key TEXT PRIMARY KEY,              -- as in ingest_progress
    owner      TEXT NOT NULL,                 -- host:pid of the claiming ingest
    time       TEXT NOT NULL                  -- when it was claimed
) WITHOUT ROWID;

-- migration 4: indexes that answer quote lists and speaker counts without reading rows

-- Quote lists and speaker counts join each candidate quote to its article for the view
-- (page class), the order (publication date) and the language and site filters. page_class
-- and host were added after `text`, so reading them from the table walks each article's
-- text. These indexes hold what those queries read (the queries name them: INDEXED BY).
-- articles_view: one article by id. articles_order: articles newest first, so a page of the
-- newest quotes reads a few articles, not every quote.
CREATE INDEX articles_view ON articles(id, published, page_class, language, host, site);
CREATE INDEX articles_order ON articles(published IS NULL, published DESC, id, page_class, language, host, site);
-- The quote side of the same queries: the view's columns, the speaker, story, article and
-- (for counts by kind) the kind.
DROP INDEX quotes_act_confidence;
CREATE INDEX quotes_view ON quotes(act, confidence, speaker_id, duplicate_of, story_id, article_id, kind);
DROP INDEX quotes_speaker;
CREATE INDEX quotes_speaker ON quotes(speaker_id, act, confidence, duplicate_of, story_id, article_id);
