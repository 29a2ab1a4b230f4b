SELECT strftime('%Y-%m', placed_on) AS month, sum(amount) AS revenue, 0 AS running
FROM orders GROUP BY 1 ORDER BY 1;
