SELECT to_char(date_trunc('month', placed_on), 'YYYY-MM') AS month,
       sum(amount) AS revenue,
       sum(sum(amount)) OVER (ORDER BY date_trunc('month', placed_on)) AS running
FROM orders
GROUP BY date_trunc('month', placed_on)
ORDER BY 1;
