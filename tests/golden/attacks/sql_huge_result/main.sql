WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, 'zzzzzzzzzzzzzzzzzzzzzzzz' FROM c;
