<?php
use PHPUnit\Framework\TestCase;

/** The outbox flush: in order, stopping at the first failure, bounded; and its cron route. */
final class OutboxFlushTest extends TestCase
{
    public function test_flush_sends_oldest_first_and_stops_at_the_first_failure(): void
    {
        $shop = $this->shopWithOutbox(3);
        $transport = new ScriptedTransport(new SynclaneHttpResult(202, ''), new SynclaneHttpResult(503, 'later'));

        $report = $shop->kit($transport)->client()->flush(10, 10);

        $this->assertSame(['sent' => 1, 'dropped' => 0, 'busy' => false, 'error' => 'HTTP 503: later'], $report);
        $this->assertSame(['101', '102'], $transport->orderIds());
        $this->assertSame([['102', '1', 'HTTP 503: later'], ['103', '0', '']], $this->outbox($shop));
    }

    public function test_a_4xx_during_a_flush_is_dropped_and_the_flush_goes_on(): void
    {
        $shop = $this->shopWithOutbox(3);
        $transport = new ScriptedTransport(new SynclaneHttpResult(202, ''), new SynclaneHttpResult(413, 'too large'));

        $report = $shop->kit($transport)->client()->flush(10, 10);

        $this->assertSame(['sent' => 2, 'dropped' => 1, 'busy' => false, 'error' => ''], $report);
        $this->assertSame(['101', '102', '103'], $transport->orderIds());
        $this->assertTrue($shop->log->contains('refused event checkout/order/editOrder, dropped (HTTP 413: too large)'));
        $this->assertSame(0, $shop->outboxSize());
    }

    public function test_429_and_408_are_retried_later(): void
    {
        foreach ([429, 408] as $status) {
            $shop = $this->shopWithOutbox(1);

            $report = $shop->kit(new ScriptedTransport(new SynclaneHttpResult($status, '')))->client()->flush(10, 10);

            $this->assertSame(0, $report['sent']);
            $this->assertSame(1, $shop->outboxSize());
        }
    }

    public function test_one_flush_sends_at_most_its_bound(): void
    {
        $shop = $this->shopWithOutbox(5);
        $transport = new ScriptedTransport();

        $report = $shop->kit($transport)->client()->flush(2, 10);

        $this->assertSame(2, $report['sent']);
        $this->assertSame(3, $shop->outboxSize());
    }

    public function test_a_new_event_joins_the_tail_and_sends_at_most_five_waiting_events(): void
    {
        $shop = $this->shopWithOutbox(7);
        $transport = new ScriptedTransport();

        $shop->kit($transport)->client()->send(['route' => 'checkout/order/addOrder', 'order_id' => '200']);

        $this->assertSame(['101', '102', '103', '104', '105'], $transport->orderIds());
        $this->assertSame(['106', '107', '200'], array_column($this->outbox($shop), 0));
    }

    public function test_a_flush_leaves_the_outbox_to_a_request_already_flushing_it(): void
    {
        $shop = $this->shopWithOutbox(2);
        $state = new SynclaneState($shop->db, 'oc_');
        $this->assertTrue($state->acquireLease(time(), time() + 60));
        $transport = new ScriptedTransport();

        $report = $shop->kit($transport)->client()->flush(10, 10);

        $this->assertTrue($report['busy']);
        $this->assertSame([], $transport->posts);
        $state->releaseLease(time() + 60);
        $this->assertSame(2, $shop->kit($transport)->client()->flush(10, 10)['sent']);
    }

    public function test_an_expired_lease_is_taken_over(): void
    {
        $shop = $this->shopWithOutbox(1);
        $state = new SynclaneState($shop->db, 'oc_');
        $this->assertTrue($state->acquireLease(time() - 100, time() - 1));

        $this->assertSame(1, $shop->kit(new ScriptedTransport())->client()->flush(10, 10)['sent']);
    }

    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_the_cron_route_flushes_with_the_right_key_only(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = $this->shopWithOutbox(3, $major, $synclane->url);
        $response = $shop->registry->get('response');

        $shop->registry->set('request', new FakeRequest(['key' => 'not-the-key']));
        $shop->controller('cron')->index();
        $this->assertSame(['HTTP/1.1 403 Forbidden', 'bad_key'], [$response->headers[0], $response->json()['error']['code']]);
        $this->assertSame(3, $shop->outboxSize());

        $shop->registry->set('request', new FakeRequest(['key' => substr(hash_hmac('sha256', 'cron', TestShop::SECRET), 0, 16)]));
        $shop->controller('cron')->index();
        $this->assertSame(['sent' => 3, 'dropped' => 0, 'busy' => false, 'error' => '', 'remaining' => 0], $response->json());
        $this->assertSame(['checkout/order/editOrder#101', 'checkout/order/editOrder#102', 'checkout/order/editOrder#103'], $synclane->routes());
    }

    public function test_the_cron_route_does_nothing_while_disabled(): void
    {
        $shop = $this->shopWithOutbox(1, 4);
        $shop->config->set('module_synclane_status', '0');
        $shop->registry->set('request', new FakeRequest(['key' => substr(hash_hmac('sha256', 'cron', TestShop::SECRET), 0, 16)]));

        $shop->controller('cron')->index();

        $this->assertSame('disabled', $shop->registry->get('response')->json()['error']['code']);
        $this->assertSame(1, $shop->outboxSize());
    }

    private function shopWithOutbox(int $items, int $major = 4, ?string $url = null): TestShop
    {
        $shop = TestShop::create($major, $url ?? FakeSynclane::refusedUrl());
        $outbox = new SynclaneOutbox($shop->db, 'oc_');
        for ($i = 1; $i <= $items; $i++) {
            $outbox->add(json_encode(['route' => 'checkout/order/editOrder', 'order_id' => (string)(100 + $i)]), $i === 1 ? 1 : 0, '');
        }
        return $shop;
    }

    /** @return array<int, array{0: string, 1: string, 2: string}> order_id, attempts, last_error */
    private function outbox(TestShop $shop): array
    {
        return array_map(
            fn ($row) => [json_decode($row['body'], true)['order_id'], $row['attempts'], $row['last_error']],
            $shop->db->rows('SELECT body, attempts, last_error FROM oc_synclane_outbox ORDER BY id')
        );
    }
}
