DO $$
DECLARE
  attempts text[] := ARRAY[
    $a$SELECT pg_read_file('/etc/passwd')$a$,
    $a$SELECT pg_read_binary_file('/usr/lib/usefulwriter/pgdata/global/pg_control')$a$,
    $a$SELECT pg_ls_dir('/')$a$,
    $a$COPY t TO '/tmp/uw-pwned'$a$,
    $a$COPY t FROM PROGRAM 'id'$a$,
    $a$SELECT lo_import('/etc/passwd')$a$,
    $a$CREATE FUNCTION uw_pwned() RETURNS int LANGUAGE c AS 'libc.so.6', 'getpid'$a$,
    $a$CREATE EXTENSION dblink$a$,
    $a$SET ROLE postgres$a$,
    $a$ALTER ROLE author SUPERUSER$a$,
    $a$LOAD '/usr/lib/usefulwriter/sysvshm.so'$a$];
  sql text;
  refused int := 0;
  allowed text := '';
BEGIN
  FOREACH sql IN ARRAY attempts LOOP
    BEGIN
      EXECUTE sql;
      allowed := allowed || ' ALLOWED: ' || sql;
    EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR undefined_file
                   OR invalid_parameter_value THEN
      refused := refused + 1;
    END;
  END LOOP;
  CREATE TEMP TABLE verdict AS SELECT format('refused: %s of %s%s', refused,
                                             array_length(attempts, 1), allowed) AS v;
END
$$;
SELECT v FROM verdict;
