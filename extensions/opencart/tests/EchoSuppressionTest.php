<?php
use PHPUnit\Framework\TestCase;

/**
 * A change Synclane makes through the API is never posted back to it: while
 * the API writes, event handlers return at once.
 */
final class EchoSuppressionTest extends TestCase
{
    use CallsApi;

    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_an_api_write_fires_no_outgoing_event(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);
        // As if the write went through the shop's order model: its editOrder
        // event fires while the extension's UPDATE runs.
        $handler = $shop->controller('event/order');
        $fired = 0;
        $shop->db->beforeQuery = function (string $sql) use ($handler, &$fired) {
            if (strpos($sql, 'UPDATE `oc_order`') === 0) {
                $fired++;
                $route = 'checkout/order/editOrder';
                $args = [1, []];
                $output = null;
                $handler->edit($route, $args, $output);
            }
        };

        $response = $this->call($shop, 'POST', ['op' => 'order.update', 'order_id' => '1'], ['customer' => ['firstname' => 'Zed']]);

        $this->assertSame(200, $response->status);
        $this->assertSame(1, $fired, 'the handler ran during the write');
        $this->assertSame([], $synclane->requests());
        $this->assertSame(0, $shop->outboxSize());
    }

    /** @dataProvider versions */
    public function test_the_same_handler_outside_an_api_write_does_post(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);
        $route = 'checkout/order/editOrder';
        $args = [1, []];
        $output = null;

        $shop->controller('event/order')->edit($route, $args, $output);

        $this->assertSame(['checkout/order/editOrder#1'], $synclane->routes());
    }

    public function test_the_guard_is_released_when_the_write_fails(): void
    {
        try {
            SynclaneClient::withoutEvents(function () {
                throw new RuntimeException('write failed');
            });
        } catch (RuntimeException $e) {
            $this->assertSame('write failed', $e->getMessage());
        }
        $this->assertFalse(SynclaneClient::eventsSuppressed());
    }
}
