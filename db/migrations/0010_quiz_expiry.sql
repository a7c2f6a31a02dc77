-- 0010_quiz_expiry.sql: the background expiry (src/quiz/quiz_expiry.c) looks for active
-- attempts whose deadline passed; this partial index keeps that lookup to the active ones.
CREATE INDEX quiz_attempts_active_deadline ON quiz_attempts(deadline_at) WHERE status = 'active';
