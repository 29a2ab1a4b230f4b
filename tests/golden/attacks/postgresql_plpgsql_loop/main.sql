DO $$
DECLARE n bigint := 0;
BEGIN
  LOOP
    n := n + 1;
  END LOOP;
END
$$;
