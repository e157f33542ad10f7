<?php
use PHPUnit\Framework\TestCase;

/** ping, customer_group.list (CM-1) and the customer transactions (CM-3). */
final class ApiGroupTransactionTest extends TestCase
{
    use CallsApi;

    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    public function test_ping_answers_the_versions(): void
    {
        $shop = TestShop::create(4, FakeSynclane::refusedUrl());

        $response = $this->call($shop, 'GET', ['op' => 'ping']);

        $this->assertSame([200, ['status' => 'ok', 'extension_version' => SynclaneClient::VERSION, 'opencart_version' => '4.0.2.3']], [$response->status, $response->data]);
    }

    /** @dataProvider versions */
    public function test_cm1_groups_come_with_their_customer_counts_and_the_no_group_count(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());

        $data = $this->call($shop, 'GET', ['op' => 'customer_group.list'])->data;

        $this->assertSame([
            ['customer_group_id' => '1', 'name' => 'Default', 'description' => 'Retail customers', 'approval' => '0', 'sort_order' => '1', 'customer_count' => '1'],
            ['customer_group_id' => '2', 'name' => 'Wholesale', 'description' => 'Trade customers', 'approval' => '0', 'sort_order' => '2', 'customer_count' => '0'],
        ], $data['customer_groups']);
        $this->assertSame([1, '1'], [$data['no_group_count'], $data['default_customer_group_id']]);
    }

    /** @dataProvider versions */
    public function test_cm3_transactions_are_listed_and_added_with_the_balance(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());

        $added = $this->call($shop, 'POST', ['op' => 'transaction.add', 'customer_id' => '1'], ['description' => 'Goodwill refund', 'amount' => -2.5, 'order_id' => '1']);
        $list = $this->call($shop, 'GET', ['op' => 'transaction.list', 'customer_id' => '1'])->data;

        $this->assertSame(201, $added->status, json_encode($added->data));
        $this->assertSame(['1', 'Goodwill refund', '-2.5000', '7.5000'], [$added->data['transaction']['order_id'], $added->data['transaction']['description'], $added->data['transaction']['amount'], $added->data['balance']]);
        $this->assertSame([2, '7.5000'], [$list['total'], $list['balance']]);
        $this->assertSame(['-2.5000', '10.0000'], array_column($list['transactions'], 'amount'), 'newest first');
        $this->assertSame(['10.0000'], array_column($this->call($shop, 'GET', ['op' => 'transaction.list', 'customer_id' => '1', 'page' => '2', 'limit' => '1'])->data['transactions'], 'amount'));
    }

    /** @dataProvider versions */
    public function test_transaction_add_refuses_a_bad_amount_an_empty_description_and_an_unknown_order(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $add = ['op' => 'transaction.add', 'customer_id' => '1'];

        $this->assertInvalidField($shop, 'amount', 'POST', $add, ['description' => 'x', 'amount' => '1,50']);
        $this->assertInvalidField($shop, 'amount', 'POST', $add, ['description' => 'x', 'amount' => '1.23456']);
        $this->assertInvalidField($shop, 'description', 'POST', $add, ['description' => '', 'amount' => '1']);
        $before = $shop->db->snapshot();
        $response = $this->call($shop, 'POST', $add, ['description' => 'x', 'amount' => '1', 'order_id' => 999]);
        $this->assertSame([404, 'order_not_found'], [$response->status, $response->data['error']['code']]);
        $this->assertSame($before, $shop->db->snapshot());
    }
}
