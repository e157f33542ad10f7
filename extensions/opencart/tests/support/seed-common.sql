INSERT INTO oc_country (country_id, name, iso_code_2, iso_code_3, address_format, postcode_required) VALUES
  (222, 'United Kingdom', 'GB', 'GBR', '', 1),
  (223, 'United States', 'US', 'USA', '{firstname} {lastname}\n{address_1}\n{city}, {zone} {postcode}', 1),
  (81, 'Germany', 'DE', 'DEU', '', 1);
INSERT INTO oc_zone (zone_id, country_id, name, code) VALUES
  (3513, 222, 'Greater London', 'GLA'),
  (3624, 223, 'California', 'CA'),
  (3655, 223, 'New York', 'NY'),
  (1256, 81, 'Berlin', 'BER');
INSERT INTO oc_customer_group (customer_group_id, approval, sort_order) VALUES (1, 0, 1), (2, 0, 2);
INSERT INTO oc_customer_group_description (customer_group_id, language_id, name, description) VALUES
  (1, 1, 'Default', 'Retail customers'), (2, 1, 'Wholesale', 'Trade customers');
INSERT INTO oc_customer_transaction (customer_id, order_id, description, amount, date_added) VALUES
  (1, 0, 'Welcome credit', 10.0000, '2024-01-02 10:00:00');
INSERT INTO oc_customer_ip (customer_id, store_id, ip, country, date_added) VALUES (1, 0, '203.0.113.7', 'GB', '2024-01-02 09:00:00');
INSERT INTO oc_customer_activity (customer_id, `key`) VALUES (1, 'login');
INSERT INTO oc_customer_history (customer_id, comment) VALUES (1, 'Called about delivery');
INSERT INTO oc_customer_reward (customer_id, points) VALUES (1, 50);
INSERT INTO oc_customer_wishlist (customer_id, product_id) VALUES (1, 40);
INSERT INTO oc_order_product (order_id, product_id, name, model, quantity, price, total, tax, reward) VALUES
  (1, 40, 'iPhone', 'product 11', 2, 101.0000, 202.0000, 0, 0),
  (1, 43, 'MacBook', 'Product 16', 1, 500.0000, 500.0000, 0, 0);
