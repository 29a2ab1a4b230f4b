WITH bounds AS (
  SELECT date_trunc('month', min(placed_on)) AS first,
         date_trunc('month', max(placed_on)) AS last
  FROM orders
), months AS (
  SELECT generate_series(first, last, interval '1 month') AS m FROM bounds
), totals AS (
  SELECT m, COALESCE(sum(o.amount), 0) AS revenue
  FROM months
  LEFT JOIN orders o ON date_trunc('month', o.placed_on) = m
  GROUP BY m
)
SELECT to_char(m, 'YYYY-MM') AS month, revenue,
       sum(revenue) OVER (ORDER BY m) AS running
FROM totals
ORDER BY m;
