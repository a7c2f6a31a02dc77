-- 0003_audit: the audit log — every write through HTTP or the CLI appends one row saying
-- who (actor), when (at, ms since the epoch), from where (ip), what (action, object,
-- summary) and in which region (scope, for admins' scoped views).
--
-- Append-only, twice over:
--  * the triggers below refuse UPDATE and DELETE, which stops accidents (a stray query,
--    a careless tool); anyone with write access to the file can still drop them;
--  * each row carries hash = BLAKE2b-256 over its own columns and the previous row's hash
--    (prev_hash), so `tala audit verify` detects an edited, deleted or reordered row even
--    when the triggers were dropped (src/audit/audit_db.c has the exact serialisation).

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,      -- assigned by audit_append: previous id + 1
	at          INTEGER NOT NULL,         -- ms since the Unix epoch
	actor_id    INTEGER,                  -- users.id; NULL for visitors and the CLI
	actor       TEXT NOT NULL,            -- login, 'visitor', or 'cli:<unix user>'
	ip          TEXT NOT NULL DEFAULT '', -- client address; '' for the CLI
	action      TEXT NOT NULL,            -- 'feedback.create', 'auth.login.failed', 'POST /x', ...
	object_type TEXT,                     -- 'feedback', 'user', 'session', ...
	object_id   TEXT,                     -- the object's id or key, as text
	scope       TEXT,                     -- region code (or 'site:<id>') the object belongs to
	summary     TEXT,                     -- what changed; never secrets or personal data
	prev_hash   BLOB NOT NULL,            -- hash of the previous row (32 zero bytes for the first)
	hash        BLOB NOT NULL             -- BLAKE2b-256 of this row, see audit_db.c
);
-- Indexes serve the viewer's filters (newest first). Each costs every audited write a
-- b-tree insert, so there are only these; object ids (text, inserted out of order) are not
-- indexed: that index alone cost as much as the other three together (POST /api/v1/feedback).
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor, id);
CREATE INDEX audit_log_action ON audit_log(action, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
