SELECT length(group_concat(printf('%.1000c', 'z')))
FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000) SELECT x FROM c);
