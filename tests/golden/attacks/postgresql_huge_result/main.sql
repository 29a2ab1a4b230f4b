SELECT generate_series(1, 1000000000000) AS x, 'zzzzzzzzzzzzzzzzzzzzzzzz' AS z;
