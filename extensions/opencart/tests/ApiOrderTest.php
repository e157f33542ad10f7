<?php
use PHPUnit\Framework\TestCase;

/** order.get and order.update (the CRM → OpenCart side of OC-R2..R5). */
final class ApiOrderTest extends TestCase
{
    use CallsApi;

    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_order_get_answers_the_order_as_events_carry_it(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $orders = new FakeCheckoutOrderModel($shop->db, $major);

        $response = $this->call($shop, 'GET', ['op' => 'order.get', 'order_id' => '1']);

        $this->assertSame(200, $response->status);
        $this->assertSame(['order_id' => '1', 'order' => $orders->getOrder(1), 'products' => $orders->getOrderProducts(1)], $response->data);
    }

    /** @dataProvider versions */
    public function test_oc_r2_r4_order_update_changes_customer_section_and_both_addresses(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());

        $response = $this->call($shop, 'POST', ['op' => 'order.update', 'order_id' => '1'], [
            'customer' => ['customer_id' => 2, 'customer_group_id' => '2', 'firstname' => 'Bob', 'lastname' => 'Orphan', 'email' => 'bob@example.com', 'telephone' => '555-0101'],
            'payment_address' => ['firstname' => 'Bob', 'lastname' => 'Orphan', 'company' => 'Acme GmbH', 'address_1' => 'Unter den Linden 1', 'city' => 'Berlin', 'postcode' => '10117', 'iso_code_2' => 'DE', 'zone' => 'Berlin'],
            'shipping_address' => ['firstname' => 'Bob', 'lastname' => 'Orphan', 'iso_code_2' => 'us', 'zone' => 'ca'],
        ]);

        $this->assertSame(200, $response->status, json_encode($response->data));
        $order = $response->data['order'];
        $this->assertSame(
            ['2', '2', 'Bob', 'Orphan', 'bob@example.com', '555-0101'],
            [$order['customer_id'], $order['customer_group_id'], $order['firstname'], $order['lastname'], $order['email'], $order['telephone']]
        );
        $this->assertSame(
            ['Acme GmbH', 'Unter den Linden 1', 'Berlin', '10117', 'Germany', '81', 'Berlin', '1256'],
            [$order['payment_company'], $order['payment_address_1'], $order['payment_city'], $order['payment_postcode'], $order['payment_country'], $order['payment_country_id'], $order['payment_zone'], $order['payment_zone_id']]
        );
        $this->assertSame(
            ['Bob', 'Orphan', '1 High St', 'United States', '223', 'California', '3624'],
            [$order['shipping_firstname'], $order['shipping_lastname'], $order['shipping_address_1'], $order['shipping_country'], $order['shipping_country_id'], $order['shipping_zone'], $order['shipping_zone_id']]
        );
        $this->assertStringStartsWith('{firstname} {lastname}', $order['shipping_address_format']);
        $this->assertSame('Leave at the door', $order['comment']);
        $this->assertNotSame('2024-01-05 10:00:00', $order['date_modified']);
        $this->assertSame($response->data, $this->call($shop, 'GET', ['op' => 'order.get', 'order_id' => '1'])->data);
    }

    public function test_oc_r3_a_person_without_an_account_makes_a_guest_order(): void
    {
        $shop = TestShop::create(4, FakeSynclane::refusedUrl());

        $response = $this->call($shop, 'POST', ['op' => 'order.update', 'order_id' => '1'], [
            'customer' => ['customer_id' => 0, 'firstname' => 'Cleo', 'lastname' => 'New', 'email' => '', 'telephone' => '+1 555 0199'],
        ]);

        $this->assertSame(200, $response->status);
        $this->assertSame(['0', 'Cleo', ''], [$response->data['order']['customer_id'], $response->data['order']['firstname'], $response->data['order']['email']]);
        $this->assertSame('2', $shop->db->query('SELECT COUNT(*) AS n FROM oc_customer')->row['n'], 'no customer is created');
    }

    public function test_a_new_country_without_a_zone_clears_the_zone(): void
    {
        $shop = TestShop::create(3, FakeSynclane::refusedUrl());

        $response = $this->call($shop, 'POST', ['op' => 'order.update', 'order_id' => '1'], ['shipping_address' => ['country_id' => 81]]);

        $this->assertSame(['Germany', '', '0'], [$response->data['order']['shipping_country'], $response->data['order']['shipping_zone'], $response->data['order']['shipping_zone_id']]);
    }

    /** @dataProvider versions */
    public function test_invalid_fields_are_refused_by_path(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $update = ['op' => 'order.update', 'order_id' => '1'];

        $this->assertInvalidField($shop, 'customer.email', 'POST', $update, ['customer' => ['email' => 'not-an-address']]);
        $this->assertInvalidField($shop, 'customer.firstname', 'POST', $update, ['customer' => ['firstname' => str_repeat('a', 33)]]);
        $this->assertInvalidField($shop, 'customer.firstname', 'POST', $update, ['customer' => ['firstname' => 7]]);
        $this->assertInvalidField($shop, 'customer.fax', 'POST', $update, ['customer' => ['fax' => '']]);
        $this->assertInvalidField($shop, 'customer.customer_group_id', 'POST', $update, ['customer' => ['customer_group_id' => 77]]);
        $this->assertInvalidField($shop, 'payment_address.iso_code_2', 'POST', $update, ['payment_address' => ['iso_code_2' => 'XX']]);
        $this->assertInvalidField($shop, 'payment_address.zone', 'POST', $update, ['payment_address' => ['iso_code_2' => 'DE', 'zone' => 'Atlantis']]);
        $this->assertInvalidField($shop, 'payment_address.zone_id', 'POST', $update, ['payment_address' => ['iso_code_2' => 'DE', 'zone_id' => 3624]]);
        $this->assertInvalidField($shop, 'shipping_address.zone', 'POST', $update, ['shipping_address' => ['zone' => 'Berlin']]);
        $this->assertInvalidField($shop, 'shipping_address', 'POST', $update, ['shipping_address' => ['x', 'y']]);
        $this->assertInvalidField($shop, 'shipping_telephone', 'POST', $update, ['shipping_telephone' => '1']);
        $this->assertInvalidField($shop, 'order_id', 'GET', ['op' => 'order.get', 'order_id' => 'abc'], []);
    }

    /** @dataProvider versions */
    public function test_an_unknown_customer_on_the_order_is_refused(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $before = $shop->db->snapshot();

        $response = $this->call($shop, 'POST', ['op' => 'order.update', 'order_id' => '1'], ['customer' => ['customer_id' => 999, 'firstname' => 'X']]);

        $this->assertSame([404, 'customer_not_found'], [$response->status, $response->data['error']['code']]);
        $this->assertSame($before, $shop->db->snapshot());
    }
}
