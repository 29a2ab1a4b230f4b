CREATE TABLE orders (
  id        integer PRIMARY KEY,
  placed_on date NOT NULL,
  amount    numeric(10, 2) NOT NULL
);
