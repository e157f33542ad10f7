<?php
use PHPUnit\Framework\TestCase;

/** The order event handlers of both versions against a fake Synclane. */
final class OrderEventTest extends TestCase
{
    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_order_add_posts_the_order_signed_with_the_secret(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);

        $this->fire($shop, 'add', 'checkout/order/addOrder', [[]], 1);

        $requests = $synclane->requests();
        $this->assertCount(1, $requests);
        $this->assertSame('POST', $requests[0]['method']);
        $this->assertSame('/hooks/t1/opencart', $requests[0]['path']);
        $this->assertSame('application/json', $requests[0]['content_type']);
        $this->assertSame('sha256=' . hash_hmac('sha256', $requests[0]['body'], TestShop::SECRET), $requests[0]['signature']);
        $orders = new FakeCheckoutOrderModel($shop->db, $major);
        $this->assertSame([
            'route' => 'checkout/order/addOrder',
            'order_id' => '1',
            'order' => $orders->getOrder(1),
            'products' => $orders->getOrderProducts(1),
        ], json_decode($requests[0]['body'], true));
        $this->assertStringNotContainsString(TestShop::SECRET, $requests[0]['body']);
        $this->assertSame(0, $shop->outboxSize());
    }

    /** @dataProvider versions */
    public function test_history_and_edit_send_the_route_the_shop_passed(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);
        $history = $major === 3 ? 'checkout/order/addOrderHistory' : 'checkout/order/addHistory';

        $this->fire($shop, 'history', $history, [1, 5, 'Paid', false], null);
        $this->fire($shop, 'edit', 'checkout/order/editOrder', [1, []], null);

        $this->assertSame([$history . '#1', 'checkout/order/editOrder#1'], $synclane->routes());
    }

    /** @dataProvider versions */
    public function test_order_delete_sends_only_the_id(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);

        $this->fire($shop, 'delete', 'checkout/order/deleteOrder', [1], null);

        $this->assertSame('{"route":"checkout/order/deleteOrder","order_id":"1"}', $synclane->requests()[0]['body']);
    }

    /** @dataProvider versions */
    public function test_a_5xx_keeps_the_event_and_later_events_queue_behind_it_in_order(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);
        $synclane->mode('500');

        $this->fire($shop, 'edit', 'checkout/order/editOrder', [1, []], null);
        // Within the pause after the failure the next event is queued without a try.
        $this->fire($shop, 'add', 'checkout/order/addOrder', [[]], 1);

        $this->assertSame(2, $shop->outboxSize());
        $this->assertCount(1, $synclane->requests());
        $this->assertTrue($shop->log->contains('not reachable (HTTP 500'));

        $synclane->reset();
        $shop->endPause();
        $this->fire($shop, 'delete', 'checkout/order/deleteOrder', [1], null);

        $this->assertSame(['checkout/order/editOrder#1', 'checkout/order/addOrder#1', 'checkout/order/deleteOrder#1'], $synclane->routes());
        $this->assertSame(0, $shop->outboxSize());
    }

    /** @dataProvider versions */
    public function test_a_refused_connection_keeps_the_event(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());

        $this->fire($shop, 'add', 'checkout/order/addOrder', [[]], 1);

        $this->assertSame(1, $shop->outboxSize());
        $row = $shop->db->query('SELECT attempts, last_error FROM oc_synclane_outbox')->row;
        $this->assertSame('1', $row['attempts']);
        $this->assertStringStartsWith('no answer: ', $row['last_error']);
    }

    public function test_a_hanging_synclane_costs_the_save_about_one_second(): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create(4, $synclane->url);
        $synclane->mode('hang');

        $started = microtime(true);
        $this->fire($shop, 'add', 'checkout/order/addOrder', [[]], 1);
        $elapsed = microtime(true) - $started;

        $this->assertGreaterThan(0.9, $elapsed);
        $this->assertLessThan(1.8, $elapsed);
        $this->assertSame(1, $shop->outboxSize());
    }

    /** @dataProvider versions */
    public function test_a_4xx_is_logged_and_dropped(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);
        $synclane->mode('400');

        $this->fire($shop, 'add', 'checkout/order/addOrder', [[]], 1);

        $this->assertSame(0, $shop->outboxSize());
        $this->assertTrue($shop->log->contains('Synclane: refused event checkout/order/addOrder, dropped (HTTP 400: {"error":"bad_request","message":"missing order"})'));
    }

    /** @dataProvider versions */
    public function test_the_handler_never_throws_even_when_the_outbox_is_broken(int $major): void
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $shop->db->query('DROP TABLE oc_synclane_outbox');

        $this->fire($shop, 'add', 'checkout/order/addOrder', [[]], 1);

        $this->assertTrue($shop->log->contains('Synclane: event checkout/order/addOrder lost:'));
    }

    /** @dataProvider versions */
    public function test_nothing_is_sent_while_disabled(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);
        $shop->config->set('module_synclane_status', '0');

        $this->fire($shop, 'add', 'checkout/order/addOrder', [[]], 1);

        $this->assertSame([], $synclane->requests());
        $this->assertSame(0, $shop->outboxSize());
    }

    /** Calls a handler the way OpenCart's event system does: three references. */
    private function fire(TestShop $shop, string $method, string $route, array $args, $output): void
    {
        $shop->controller('event/order')->$method($route, $args, $output);
    }
}
