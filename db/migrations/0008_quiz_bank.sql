-- 0008_quiz_bank: the quiz question bank (docs/quiz.md). Owned by src/quiz (quiz_bank_db.c);
-- campaigns and attempts (0009, 0010) refer to questions and options by id. The tables are
-- those of the quiz schema contract; only indexes are added here.
--
-- Editing a question keeps its option ids: options are updated by position, new positions
-- get new ids, removed positions are deleted. Every save is a row in
-- quiz_question_revisions holding the question as JSON (the API's representation).

CREATE TABLE quiz_questions (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('single','multi','truefalse','fill')),
  category       TEXT NOT NULL DEFAULT '',   -- campaigns draw N per category
  difficulty     INTEGER NOT NULL DEFAULT 3 CHECK (difficulty BETWEEN 1 AND 5),
  tags           TEXT NOT NULL DEFAULT '',   -- comma-separated
  stem_mn        TEXT NOT NULL DEFAULT '',
  stem_zh        TEXT NOT NULL DEFAULT '',
  explanation_mn TEXT NOT NULL DEFAULT '',
  explanation_zh TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
  version        INTEGER NOT NULL DEFAULT 1,
  created_by     INTEGER REFERENCES users(id),
  created_at     INTEGER NOT NULL,           -- ms since epoch
  updated_at     INTEGER NOT NULL,
  CHECK (stem_mn <> '' OR stem_zh <> '')
);
CREATE INDEX quiz_questions_category ON quiz_questions(status, category, id);

CREATE TABLE quiz_options (
  id          INTEGER PRIMARY KEY,           -- stable: attempts store it, the API sends it
  question_id INTEGER NOT NULL REFERENCES quiz_questions(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,              -- authoring order
  text_mn     TEXT NOT NULL DEFAULT '',
  text_zh     TEXT NOT NULL DEFAULT '',
  correct     INTEGER NOT NULL DEFAULT 0 CHECK (correct IN (0,1)),
  UNIQUE (question_id, position)
);

CREATE TABLE quiz_accepted_answers (         -- fill-in questions
  question_id INTEGER NOT NULL REFERENCES quiz_questions(id) ON DELETE CASCADE,
  answer      TEXT NOT NULL,                 -- as the author typed it
  answer_key  TEXT NOT NULL,                 -- quiz_answer_key(answer)
  PRIMARY KEY (question_id, answer_key)
);

CREATE TABLE quiz_question_revisions (
  question_id INTEGER NOT NULL REFERENCES quiz_questions(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  snapshot    TEXT NOT NULL,                 -- JSON of the question at that version
  saved_by    INTEGER REFERENCES users(id),
  saved_at    INTEGER NOT NULL,
  PRIMARY KEY (question_id, version)
);
