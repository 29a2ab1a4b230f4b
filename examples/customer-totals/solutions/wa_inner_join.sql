-- Wrong: an inner join keeps only customers with orders.
SELECT c.name AS name, SUM(o.amount) AS total
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id
ORDER BY total DESC, name;
