<?php
use PHPUnit\Framework\TestCase;

/** Customer and address events, storefront and admin, of both versions. */
final class CustomerEventTest extends TestCase
{
    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_registration_posts_the_customer_without_secrets_with_its_addresses(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);

        $this->fire($shop, 'event/customer', 'add', 'account/customer/addCustomer', [[]], 1);

        [$request] = $synclane->requests();
        $this->assertSame('sha256=' . hash_hmac('sha256', $request['body'], TestShop::SECRET), $request['signature']);
        $body = json_decode($request['body'], true);
        $this->assertSame(['route', 'customer_id', 'customer', 'addresses'], array_keys($body));
        $this->assertSame(['account/customer/addCustomer', '1', 'ann@example.com'], [$body['route'], $body['customer_id'], $body['customer']['email']]);
        foreach (['password', 'salt', 'token', 'code'] as $secret) {
            $this->assertArrayNotHasKey($secret, $body['customer']);
        }
        foreach (['f0e1d2', 'saltsalt1', 'tok3n', 'c0de', '$2y$'] as $value) {
            $this->assertStringNotContainsString($value, $request['body']);
        }
        $this->assertSame([['GB', 'Greater London', '1'], ['US', 'California', '0']], array_map(fn ($a) => [$a['iso_code_2'], $a['zone'], $a['default']], $body['addresses']));
    }

    /** @dataProvider versions */
    public function test_account_edit_and_address_book_changes_post_the_whole_customer(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);
        $shop->registry->get('customer')->id = 1;

        $this->fire($shop, 'event/customer', 'edit', 'account/customer/editCustomer', [1, []], null);
        $this->fire($shop, 'event/address', 'add', 'account/address/addAddress', [1, []], 3);
        $this->fire($shop, 'event/address', 'edit', 'account/address/editAddress', [2, []], null);
        $this->fire($shop, 'event/address', 'delete', 'account/address/deleteAddress', [2], null);

        $bodies = array_map(fn ($r) => json_decode($r['body'], true), $synclane->requests());
        $this->assertSame(
            ['account/customer/editCustomer', 'account/address/addAddress', 'account/address/editAddress', 'account/address/deleteAddress'],
            array_column($bodies, 'route')
        );
        $this->assertSame(['1', '1', '1', '1'], array_column($bodies, 'customer_id'));
        $this->assertCount(2, $bodies[3]['addresses']);
    }

    public function test_an_address_change_without_a_logged_in_customer_sends_nothing(): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create(4, $synclane->url);

        $this->fire($shop, 'event/address', 'delete', 'account/address/deleteAddress', [2], null);

        $this->assertSame([], $synclane->requests());
    }

    public function test_admin_edit_and_delete_in_4_0(): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create(4, $synclane->url);

        $this->fire($shop, 'admin/event/customer', 'edit', 'customer/customer/editCustomer', [2, []], null);
        $this->fire($shop, 'admin/event/customer', 'delete', 'customer/customer/deleteCustomer', [2], null);

        $requests = $synclane->requests();
        $this->assertSame(['customer/customer/editCustomer', '2', 'Orphan'], [json_decode($requests[0]['body'], true)['route'], json_decode($requests[0]['body'], true)['customer_id'], json_decode($requests[0]['body'], true)['customer']['lastname']]);
        $this->assertSame('{"route":"customer/customer/deleteCustomer","customer_id":"2"}', $requests[1]['body']);
    }

    /**
     * 3.0's admin handler has the class name of the storefront one (they never
     * meet in one OpenCart request), so it runs in a process of its own.
     *
     * @runInSeparateProcess
     * @preserveGlobalState disabled
     */
    public function test_admin_add_in_3_0(): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create(3, $synclane->url);

        $this->fire($shop, 'admin/event/customer', 'add', 'customer/customer/addCustomer', [[]], 2);

        $body = json_decode($synclane->requests()[0]['body'], true);
        $this->assertSame(['customer/customer/addCustomer', '2', []], [$body['route'], $body['customer_id'], $body['addresses']]);
    }

    /** @dataProvider versions */
    public function test_a_customer_gone_by_the_time_the_event_runs_sends_nothing(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);

        $this->fire($shop, 'event/customer', 'edit', 'account/customer/editCustomer', [999, []], null);

        $this->assertSame([], $synclane->requests());
    }

    private function fire(TestShop $shop, string $controller, string $method, string $route, array $args, $output): void
    {
        $shop->controller($controller)->$method($route, $args, $output);
    }
}
