-- Wrong: printf makes text; the checker compares kinds, as SQL does.
SELECT c.name AS name, printf('%g', COALESCE(SUM(o.amount), 0)) AS total
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id
ORDER BY COALESCE(SUM(o.amount), 0) DESC, name;
