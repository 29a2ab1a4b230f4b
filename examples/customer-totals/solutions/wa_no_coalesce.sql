-- Wrong: SUM over no rows is NULL, not 0.
SELECT c.name AS name, SUM(o.amount) AS total
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id
ORDER BY total DESC, name;
