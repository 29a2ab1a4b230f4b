-- month, revenue, running: one row per month, first to last, sorted by month
SELECT to_char(date_trunc('month', placed_on), 'YYYY-MM') AS month,
       sum(amount) AS revenue
FROM orders
GROUP BY 1
ORDER BY 1;
