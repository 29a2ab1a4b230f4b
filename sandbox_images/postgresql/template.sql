-- The roles of every run (pgrun.py), made once in the template cluster. Neither is a superuser:
-- the superuser made by initdb is never used after the image is built.
--   author   runs the test's setup and check, and owns what they make;
--   learner  runs the learner's statements: it reads what author made, and nothing more,
--            unless the test allows changes (pgrun.py then grants it the rest).
CREATE ROLE author LOGIN;
CREATE ROLE learner LOGIN;
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
GRANT CONNECT ON DATABASE postgres TO author, learner;
GRANT TEMPORARY ON DATABASE postgres TO author;
GRANT CREATE, USAGE ON SCHEMA public TO author;
ALTER DEFAULT PRIVILEGES FOR ROLE author IN SCHEMA public GRANT SELECT ON TABLES TO learner;
-- Server-side languages other than SQL and PL/pgSQL are not installed; functions that read the
-- server's files or signal other sessions are already a superuser's alone.
