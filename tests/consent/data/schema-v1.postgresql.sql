-- The consent store's tables as privgen's first schema version (1) created them in PostgreSQL,
-- generated from generator/consent/store.py at that version; kept to test the upgrade.

CREATE TABLE privgen_schema (
	version INTEGER NOT NULL
);
CREATE TABLE consent_records (
	seq SERIAL NOT NULL, 
	org VARCHAR(100) NOT NULL, 
	consent_id VARCHAR(32) NOT NULL, 
	action VARCHAR(16) NOT NULL, 
	tier VARCHAR(16) NOT NULL, 
	purposes VARCHAR(64) NOT NULL, 
	revision VARCHAR(8) NOT NULL, 
	version VARCHAR(64) NOT NULL, 
	language VARCHAR(8) NOT NULL, 
	gpc BOOLEAN NOT NULL, 
	client_time TIMESTAMP WITH TIME ZONE NOT NULL, 
	server_time TIMESTAMP WITH TIME ZONE NOT NULL, 
	PRIMARY KEY (seq), 
	CONSTRAINT one_record_per_choice UNIQUE (org, consent_id, client_time, action)
);
CREATE INDEX by_consent ON consent_records (org, consent_id);
CREATE INDEX by_time ON consent_records (org, server_time);
INSERT INTO privgen_schema (version) VALUES (1);
INSERT INTO consent_records (org, consent_id, action, tier, purposes, revision, version, language, gpc, client_time, server_time) VALUES
 ('clavis', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'accept_all', 'social', 'necessary,analytics,social', '78e68f54', '2025-01-01', 'nl', false, '2026-11-30 09:14:59.873+00', '2026-11-30 09:15:00.123+00'),
 ('clavis', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'withdrawal', 'necessary', 'necessary', '78e68f54', '2025-01-01', 'nl', false, '2026-11-30 10:14:59.873+00', '2026-11-30 10:15:00.123+00'),
 ('clavis', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'necessary_only', 'necessary', 'necessary', '78e68f54', '2025-01-01', 'nl', true, '2026-12-01 09:14:59.873+00', '2026-12-01 09:15:00.123+00'),
 ('kaviaarshop', 'cccccccccccccccccccccccccccccccc', 'settings', 'analytics', 'necessary,analytics', '0c3f1d2a', '2025-01-01', 'nl', false, '2026-12-01 10:14:59.873+00', '2026-12-01 10:15:00.123+00');
