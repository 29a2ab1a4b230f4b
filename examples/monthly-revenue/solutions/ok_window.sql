-- The same, with the running total in a correlated subquery instead of a window.
SELECT to_char(m, 'YYYY-MM') AS month,
       (SELECT COALESCE(sum(amount), 0) FROM orders
        WHERE date_trunc('month', placed_on) = m) AS revenue,
       (SELECT COALESCE(sum(amount), 0) FROM orders
        WHERE placed_on < m + interval '1 month') AS running
FROM generate_series((SELECT date_trunc('month', min(placed_on)) FROM orders),
                     (SELECT date_trunc('month', max(placed_on)) FROM orders),
                     interval '1 month') AS m
ORDER BY m;
