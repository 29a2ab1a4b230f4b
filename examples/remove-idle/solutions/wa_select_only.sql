-- Wrong: this finds the idle customers but does not delete them.
SELECT id, name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders);
