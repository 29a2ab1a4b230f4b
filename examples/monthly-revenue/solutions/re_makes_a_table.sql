CREATE TABLE months AS SELECT DISTINCT date_trunc('month', placed_on) AS m FROM orders;
SELECT to_char(m, 'YYYY-MM') AS month, 0 AS revenue, 0 AS running FROM months ORDER BY 1;
