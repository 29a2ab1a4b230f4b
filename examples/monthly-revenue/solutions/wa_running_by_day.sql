WITH bounds AS (
  SELECT date_trunc('month', min(placed_on)) AS first,
         date_trunc('month', max(placed_on)) AS last
  FROM orders
), months AS (
  SELECT generate_series(first, last, interval '1 month') AS m FROM bounds
)
SELECT DISTINCT ON (m) to_char(m, 'YYYY-MM') AS month,
       COALESCE(sum(o.amount) OVER (PARTITION BY m), 0) AS revenue,
       COALESCE(sum(o.amount) OVER (ORDER BY m, o.placed_on), 0) AS running
FROM months
LEFT JOIN orders o ON date_trunc('month', o.placed_on) = m
ORDER BY m, o.placed_on;
