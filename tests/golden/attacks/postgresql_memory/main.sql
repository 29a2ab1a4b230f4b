SELECT length(string_agg(repeat('z', 1000), '')) FROM generate_series(1, 1000000);
