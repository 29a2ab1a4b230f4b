ATTACH DATABASE '/tmp/uw-pwned.db' AS p;
CREATE TABLE p.t(x);
