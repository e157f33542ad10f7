-- The OpenCart tables the extension reads or writes that 3.0 and 4.0 share,
-- with the columns the extension touches. NOT NULL without a default where
-- the shop's schema has it, so an INSERT that forgets a column fails here.
CREATE TABLE oc_country (country_id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(128) NOT NULL, iso_code_2 VARCHAR(2) NOT NULL, iso_code_3 VARCHAR(3) NOT NULL, address_format TEXT NOT NULL, postcode_required INT NOT NULL, status INT NOT NULL DEFAULT 1);
CREATE TABLE oc_zone (zone_id INTEGER PRIMARY KEY AUTOINCREMENT, country_id INT NOT NULL, name VARCHAR(128) NOT NULL, code VARCHAR(32) NOT NULL, status INT NOT NULL DEFAULT 1);
CREATE TABLE oc_customer_group (customer_group_id INTEGER PRIMARY KEY AUTOINCREMENT, approval INT NOT NULL, sort_order INT NOT NULL);
CREATE TABLE oc_customer_group_description (customer_group_id INT NOT NULL, language_id INT NOT NULL, name VARCHAR(32) NOT NULL, description TEXT NOT NULL, PRIMARY KEY (customer_group_id, language_id));
CREATE TABLE oc_customer_transaction (customer_transaction_id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INT NOT NULL, order_id INT NOT NULL, description TEXT NOT NULL, amount DECIMAL(15,4) NOT NULL, date_added DATETIME NOT NULL);
CREATE TABLE oc_customer_ip (customer_ip_id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INT NOT NULL, store_id INT NOT NULL DEFAULT 0, ip VARCHAR(40) NOT NULL, country VARCHAR(2) NOT NULL, date_added DATETIME NOT NULL);
CREATE TABLE oc_customer_activity (customer_activity_id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INT NOT NULL, `key` VARCHAR(64) NOT NULL);
CREATE TABLE oc_customer_affiliate (customer_id INT PRIMARY KEY, company VARCHAR(40) NOT NULL);
CREATE TABLE oc_customer_approval (customer_approval_id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INT NOT NULL, type VARCHAR(9) NOT NULL);
CREATE TABLE oc_customer_history (customer_history_id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INT NOT NULL, comment TEXT NOT NULL);
CREATE TABLE oc_customer_reward (customer_reward_id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INT NOT NULL, points INT NOT NULL);
CREATE TABLE oc_customer_wishlist (customer_id INT NOT NULL, product_id INT NOT NULL);
CREATE TABLE oc_order_product (order_product_id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INT NOT NULL, product_id INT NOT NULL, name VARCHAR(255) NOT NULL, model VARCHAR(64) NOT NULL, quantity INT NOT NULL, price DECIMAL(15,4) NOT NULL DEFAULT 0, total DECIMAL(15,4) NOT NULL DEFAULT 0, tax DECIMAL(15,4) NOT NULL DEFAULT 0, reward INT NOT NULL);
