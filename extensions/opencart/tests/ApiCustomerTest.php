<?php
use PHPUnit\Framework\TestCase;

/** customer.get / list / create / update / delete (CM-1, CM-2). */
final class ApiCustomerTest extends TestCase
{
    use CallsApi;

    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_cm2_customer_get_answers_the_row_without_secrets_with_addresses_and_ips(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());

        $data = $this->call($shop, 'GET', ['op' => 'customer.get', 'customer_id' => '1'])->data;

        $this->assertSame('1', $data['customer_id']);
        $this->assertSame(['Ann', 'Lee', 'ann@example.com', '1', '1', '203.0.113.7'], [
            $data['customer']['firstname'], $data['customer']['lastname'], $data['customer']['email'],
            $data['customer']['newsletter'], $data['customer']['status'], $data['customer']['ip'],
        ]);
        foreach (['password', 'salt', 'token', 'code'] as $secret) {
            $this->assertArrayNotHasKey($secret, $data['customer']);
        }
        $this->assertSame(
            [['1', 'GB', 'United Kingdom', 'Greater London', 'GLA', '1', 'Lee Ltd'], ['2', 'US', 'United States', 'California', 'CA', '0', '']],
            array_map(fn ($a) => [$a['address_id'], $a['iso_code_2'], $a['country'], $a['zone'], $a['zone_code'], $a['default'], $a['company']], $data['addresses'])
        );
        $this->assertSame([['ip' => '203.0.113.7', 'country' => 'GB', 'date_added' => '2024-01-02 09:00:00']], $data['ips']);
    }

    /** @dataProvider versions */
    public function test_cm1_customer_list_pages_filters_by_group_or_no_group_and_searches(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $ids = fn (array $params) => array_column($this->call($shop, 'GET', ['op' => 'customer.list'] + $params)->data['customers'], 'customer_id');

        $all = $this->call($shop, 'GET', ['op' => 'customer.list'])->data;
        $this->assertSame([2, 1, 50], [$all['total'], $all['page'], $all['limit']]);
        $this->assertSame(['Default', ''], array_column($all['customers'], 'customer_group'));
        $this->assertArrayNotHasKey('password', $all['customers'][0]);
        $this->assertSame(['2'], $ids(['page' => '2', 'limit' => '1']));
        $this->assertSame(['1'], $ids(['customer_group_id' => '1']));
        $this->assertSame(['2'], $ids(['customer_group_id' => 'none']));
        $this->assertSame(['2'], $ids(['search' => 'bob orph']));
        $this->assertSame(['1'], $ids(['search' => 'ann@']));
        $this->assertSame(['2'], $ids(['search' => '0101']));
        $this->assertSame([], $ids(['search' => '%']));
        $this->assertInvalidField($shop, 'limit', 'GET', ['op' => 'customer.list', 'limit' => '201'], []);
        $this->assertInvalidField($shop, 'customer_group_id', 'GET', ['op' => 'customer.list', 'customer_group_id' => 'some'], []);
    }

    public function test_cm2_create_in_3_0_sets_an_unusable_salted_password_and_the_default_address(): void
    {
        $shop = TestShop::create(3, FakeSynclane::refusedUrl());

        $response = $this->call($shop, 'POST', ['op' => 'customer.create'], $this->newCustomer());

        $this->assertSame(201, $response->status, json_encode($response->data));
        $row = $shop->db->query('SELECT * FROM oc_customer WHERE customer_id = ' . (int)$response->data['customer_id'])->row;
        $this->assertSame(['Cleo', '2', '1', '1', '', '1'], [$row['firstname'], $row['customer_group_id'], $row['newsletter'], $row['status'], $row['ip'], $row['language_id']]);
        $this->assertSame(9, strlen($row['salt']));
        $this->assertSame(40, strlen($row['password']));
        $this->assertSame(['0', '1'], array_column($response->data['addresses'], 'default'));
        $this->assertSame($response->data['addresses'][1]['address_id'], $row['address_id']);
    }

    public function test_cm2_create_in_4_0_hashes_the_password_and_marks_the_first_address_default_when_none_is(): void
    {
        $shop = TestShop::create(4, FakeSynclane::refusedUrl());
        $body = $this->newCustomer();
        unset($body['addresses'][1]['default']);

        $response = $this->call($shop, 'POST', ['op' => 'customer.create'], $body);

        $this->assertSame(201, $response->status, json_encode($response->data));
        $row = $shop->db->query('SELECT password FROM oc_customer WHERE customer_id = ' . (int)$response->data['customer_id'])->row;
        $this->assertStringStartsWith('$2y$', $row['password']);
        $this->assertSame(['1', '0'], array_column($response->data['addresses'], 'default'));
        $this->assertSame(['Berlin', 'DE'], [$response->data['addresses'][0]['zone'], $response->data['addresses'][0]['iso_code_2']]);
    }

    /** @dataProvider versions */
    public function test_create_refuses_a_taken_email_a_missing_field_and_the_ip(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $before = $shop->db->snapshot();

        $response = $this->call($shop, 'POST', ['op' => 'customer.create'], ['email' => 'ANN@example.com'] + $this->newCustomer());

        $this->assertSame([409, 'email_exists', '1', 'email'], [$response->status, $response->data['error']['code'], $response->data['error']['customer_id'], $response->data['error']['field']]);
        $this->assertSame($before, $shop->db->snapshot());
        $body = $this->newCustomer();
        unset($body['lastname']);
        $this->assertInvalidField($shop, 'lastname', 'POST', ['op' => 'customer.create'], $body);
        $this->assertInvalidField($shop, 'ip', 'POST', ['op' => 'customer.create'], ['ip' => '1.2.3.4'] + $this->newCustomer());
        $this->assertInvalidField($shop, 'addresses[1].default', 'POST', ['op' => 'customer.create'], ['addresses' => [['default' => true] + $this->newCustomer()['addresses'][0], $this->newCustomer()['addresses'][1]]] + $this->newCustomer());
        $this->assertInvalidField($shop, 'addresses[0].city', 'POST', ['op' => 'customer.create'], ['addresses' => [['city' => ''] + $this->newCustomer()['addresses'][0]]] + $this->newCustomer());
        $this->assertInvalidField($shop, 'newsletter', 'POST', ['op' => 'customer.create'], ['newsletter' => 'yes'] + $this->newCustomer());
    }

    /** @dataProvider versions */
    public function test_cm2_update_changes_only_given_fields_and_replaces_addresses_keeping_listed_ids(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());

        $response = $this->call($shop, 'POST', ['op' => 'customer.update', 'customer_id' => '1'], [
            'telephone' => '+44 20 0000 1111',
            'newsletter' => false,
            'addresses' => [
                ['address_id' => 2, 'firstname' => 'Ann', 'lastname' => 'Lee', 'address_1' => '9 Ocean Ave', 'city' => 'San Diego', 'iso_code_2' => 'US', 'zone_id' => 3624],
                ['firstname' => 'Ann', 'lastname' => 'Lee', 'address_1' => '2 Low St', 'city' => 'Leeds', 'postcode' => 'LS1 1AA', 'iso_code_2' => 'GB', 'default' => true],
            ],
        ]);

        $this->assertSame(200, $response->status, json_encode($response->data));
        $customer = $response->data['customer'];
        $this->assertSame(['Ann', 'ann@example.com', '+44 20 0000 1111', '0'], [$customer['firstname'], $customer['email'], $customer['telephone'], $customer['newsletter']]);
        $addresses = $response->data['addresses'];
        $this->assertSame(['2', 'San Diego', '0'], [$addresses[0]['address_id'], $addresses[0]['city'], $addresses[0]['default']]);
        $this->assertSame(['Leeds', '1', ''], [$addresses[1]['city'], $addresses[1]['default'], $addresses[1]['zone']]);
        $this->assertCount(2, $addresses, 'address 1 was not listed, so it is gone');
        $this->assertInvalidField($shop, 'addresses[0].address_id', 'POST', ['op' => 'customer.update', 'customer_id' => '2'], ['addresses' => [['address_id' => 2] + $this->newCustomer()['addresses'][0]]]);
        $this->assertInvalidField($shop, 'email', 'POST', ['op' => 'customer.update', 'customer_id' => '1'], ['email' => '']);
    }

    /** @dataProvider versions */
    public function test_cm2_delete_removes_the_customer_with_everything_hanging_off_it(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());

        $response = $this->call($shop, 'POST', ['op' => 'customer.delete', 'customer_id' => '1']);

        $this->assertSame([200, ['deleted' => true, 'customer_id' => '1']], [$response->status, $response->data]);
        $tables = ['customer', 'address', 'customer_transaction', 'customer_ip', 'customer_activity', 'customer_history', 'customer_reward', 'customer_wishlist'];
        if ($major === 4) {
            $tables[] = 'customer_affiliate_report';
        }
        foreach ($tables as $table) {
            $this->assertSame('0', $shop->db->query('SELECT COUNT(*) AS n FROM oc_' . $table . ' WHERE customer_id = 1')->row['n'], $table);
        }
        $this->assertSame('1', $shop->db->query('SELECT COUNT(*) AS n FROM oc_customer')->row['n'], 'the other customer stays');
        $this->assertSame('1', $shop->db->query('SELECT COUNT(*) AS n FROM oc_order WHERE customer_id = 1')->row['n'], 'orders stay, as in OpenCart');
    }

    private function newCustomer(): array
    {
        return [
            'customer_group_id' => 2,
            'firstname' => 'Cleo',
            'lastname' => 'Park',
            'email' => 'cleo@example.com',
            'telephone' => '+49 30 123456',
            'newsletter' => true,
            'addresses' => [
                ['firstname' => 'Cleo', 'lastname' => 'Park', 'company' => 'Park AG', 'address_1' => 'Alexanderplatz 1', 'city' => 'Berlin', 'postcode' => '10178', 'iso_code_2' => 'DE', 'zone' => 'BER'],
                ['firstname' => 'Cleo', 'lastname' => 'Park', 'address_1' => '1 High St', 'city' => 'London', 'iso_code_2' => 'GB', 'default' => true],
            ],
        ];
    }
}
