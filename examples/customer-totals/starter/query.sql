-- One query: name and total for every customer, highest total first.
SELECT name
FROM customers;
