ALTER SYSTEM SET shared_preload_libraries = 'uw_pwned';
