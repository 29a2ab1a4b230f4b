-- Wrong when a guest order has a NULL customer: "x NOT IN (..., NULL)" is never true.
DELETE FROM customers WHERE id NOT IN (SELECT customer_id FROM orders);
