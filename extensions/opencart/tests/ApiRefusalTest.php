<?php
use PHPUnit\Framework\TestCase;

/**
 * Every API op refuses a bad signature, a stale timestamp, malformed JSON
 * and an unknown record with its stable error code, and changes nothing.
 */
final class ApiRefusalTest extends TestCase
{
    /** op => [method, query, a valid body] */
    private const OPS = [
        'ping' => ['GET', [], ''],
        'order.get' => ['GET', ['order_id' => '1'], ''],
        'order.update' => ['POST', ['order_id' => '1'], '{"customer":{"firstname":"Zed"}}'],
        'customer.get' => ['GET', ['customer_id' => '1'], ''],
        'customer.list' => ['GET', [], ''],
        'customer.create' => ['POST', [], '{"customer_group_id":1,"firstname":"Zed","lastname":"Ray","email":"zed@example.com"}'],
        'customer.update' => ['POST', ['customer_id' => '1'], '{"firstname":"Zed"}'],
        'customer.delete' => ['POST', ['customer_id' => '1'], ''],
        'customer_group.list' => ['GET', [], ''],
        'transaction.list' => ['GET', ['customer_id' => '1'], ''],
        'transaction.add' => ['POST', ['customer_id' => '1'], '{"description":"Refund","amount":"5"}'],
    ];

    public function ops(): array
    {
        return $this->cases(fn () => true);
    }

    public function postOps(): array
    {
        return $this->cases(fn (array $spec) => $spec[0] === 'POST');
    }

    public function recordOps(): array
    {
        return $this->cases(fn (array $spec) => isset($spec[1]['order_id']) || isset($spec[1]['customer_id']));
    }

    /** @dataProvider ops */
    public function test_a_wrong_or_missing_signature_is_refused(int $major, string $op): void
    {
        [$method, $query, $body] = self::OPS[$op];
        $this->assertRefused($major, signed_request($method, ['op' => $op] + $query, $body, ['secret' => 'another-secret-0000']), 401, 'bad_signature');
        $this->assertRefused($major, signed_request($method, ['op' => $op] + $query, $body, ['signature' => '']), 401, 'bad_signature');
        // The signature covers every parameter: changing one after signing breaks it.
        $request = signed_request($method, ['op' => $op] + $query, $body);
        $request->query['extra'] = '1';
        $this->assertRefused($major, $request, 401, 'bad_signature');
        if ($body !== '') {
            $tampered = signed_request($method, ['op' => $op] + $query, $body);
            $tampered->body = $body . ' ';
            $this->assertRefused($major, $tampered, 401, 'bad_signature');
        }
    }

    /** @dataProvider ops */
    public function test_a_stale_timestamp_is_refused(int $major, string $op): void
    {
        [$method, $query, $body] = self::OPS[$op];
        // 310 s, not 301: the shop reads its clock again when it handles the
        // request, and a second ticking in between brought `+301` back to 300,
        // inside the 5-minute window (a flaky CI run).
        $this->assertRefused($major, signed_request($method, ['op' => $op] + $query, $body, ['timestamp' => time() - 310]), 401, 'stale_timestamp');
        $this->assertRefused($major, signed_request($method, ['op' => $op] + $query, $body, ['timestamp' => time() + 310]), 401, 'stale_timestamp');
        $this->assertRefused($major, signed_request($method, ['op' => $op] + $query, $body, ['timestamp' => '']), 401, 'stale_timestamp');
    }

    /** @dataProvider postOps */
    public function test_malformed_json_is_refused(int $major, string $op): void
    {
        [, $query] = self::OPS[$op];
        foreach (['{"firstname":', '[1,2]', '"text"', 'null'] as $body) {
            $this->assertRefused($major, signed_request('POST', ['op' => $op] + $query, $body), 400, 'malformed_json');
        }
    }

    /** @dataProvider recordOps */
    public function test_an_unknown_record_is_refused(int $major, string $op): void
    {
        [$method, $query, $body] = self::OPS[$op];
        $entity = isset($query['order_id']) ? 'order' : 'customer';
        $query[$entity . '_id'] = '999';
        $this->assertRefused($major, signed_request($method, ['op' => $op] + $query, $body), 404, $entity . '_not_found');
    }

    /** @dataProvider ops */
    public function test_the_wrong_method_is_refused(int $major, string $op): void
    {
        [$method, $query, $body] = self::OPS[$op];
        $this->assertRefused($major, signed_request($method === 'GET' ? 'POST' : 'GET', ['op' => $op] + $query, $body), 405, 'method_not_allowed');
    }

    public function test_an_unknown_op_a_repeated_parameter_and_a_disabled_extension_are_refused(): void
    {
        $this->assertRefused(4, signed_request('GET', ['op' => 'order.remove', 'order_id' => '1']), 400, 'unknown_op');
        $this->assertRefused(4, signed_request('GET', []), 400, 'unknown_op');

        $repeated = signed_request('GET', ['op' => 'order.get', 'order_id' => '1']);
        $repeated = new SynclaneApiRequest('GET', 'route=extension/synclane/api&op=order.get&order_id=1&order_id=2', $repeated->timestamp, $repeated->signature, '');
        $response = $this->assertRefused(4, $repeated, 422, 'invalid_field');
        $this->assertSame('order_id', $response->data['error']['field']);

        $shop = TestShop::create(3, FakeSynclane::refusedUrl());
        $shop->config->set('module_synclane_status', '0');
        $response = $shop->api()->handle(signed_request('GET', ['op' => 'ping']), time());
        $this->assertSame([403, 'disabled'], [$response->status, $response->data['error']['code']]);
    }

    /** @param callable(array): bool $keep */
    private function cases(callable $keep): array
    {
        $cases = [];
        foreach ([3, 4] as $major) {
            foreach (self::OPS as $op => $spec) {
                if ($keep($spec)) {
                    $cases[$op . ' ' . $major . '.0'] = [$major, $op];
                }
            }
        }
        return $cases;
    }

    private function assertRefused(int $major, SynclaneApiRequest $request, int $status, string $code): SynclaneApiResponse
    {
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $before = $shop->db->snapshot();

        $response = $shop->api()->handle($request, time());

        $this->assertSame([$status, $code], [$response->status, $response->data['error']['code'] ?? null], json_encode($response->data));
        $this->assertIsString($response->data['error']['message']);
        $this->assertSame($before, $shop->db->snapshot(), 'a refused request changed the database');
        return $response;
    }
}
