<?php
use PHPUnit\Framework\TestCase;

/**
 * The API routes of both adapters over real HTTP: the signature over the raw
 * query and body as they arrive, the status line, the JSON answer.
 */
final class AdapterHttpTest extends TestCase
{
    private static $process;
    private static $dir;
    private static $url;

    public static function setUpBeforeClass(): void
    {
        self::$dir = sys_get_temp_dir() . '/synclane-shop-' . getmypid();
        @mkdir(self::$dir);
        foreach ([3, 4] as $major) {
            @unlink(self::$dir . '/oc' . $major . '.sqlite');
            TestShop::create($major, 'http://127.0.0.1:1', self::$dir . '/oc' . $major . '.sqlite');
        }
        $port = free_port();
        self::$url = 'http://127.0.0.1:' . $port;
        self::$process = start_php_server($port, __DIR__ . '/support/shop_router.php', ['SYNCLANE_SHOP_DIR' => self::$dir]);
    }

    public static function tearDownAfterClass(): void
    {
        stop_php_server(self::$process);
        array_map('unlink', glob(self::$dir . '/*'));
        rmdir(self::$dir);
    }

    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_a_signed_get_with_awkward_characters_in_the_query_is_answered(int $major): void
    {
        [$status, $headers, $body] = $this->send($major, 'GET', ['op' => 'customer.list', 'search' => "Lee & O'Brien+50% ü", 'limit' => '5']);

        $this->assertSame(200, $status, $body);
        $this->assertStringContainsString('Content-Type: application/json; charset=utf-8', $headers);
        $this->assertSame(['customers' => [], 'total' => 0, 'page' => 1, 'limit' => 5], json_decode($body, true));
    }

    /** @dataProvider versions */
    public function test_a_signed_post_creates_a_customer(int $major): void
    {
        $email = 'http' . $major . '@example.com';

        [$status, , $body] = $this->send($major, 'POST', ['op' => 'customer.create'], json_encode(['customer_group_id' => 1, 'firstname' => 'Jo', 'lastname' => 'Http', 'email' => $email]));

        $this->assertSame(201, $status, $body);
        $this->assertSame($email, json_decode($body, true)['customer']['email']);
    }

    /** @dataProvider versions */
    public function test_a_bad_signature_gets_401_with_the_error_object(int $major): void
    {
        [$status, $headers, $body] = $this->send($major, 'GET', ['op' => 'ping'], '', 'sha256=' . str_repeat('0', 64));

        $this->assertSame(401, $status);
        $this->assertStringStartsWith('HTTP/1.1 401 Unauthorized', $headers);
        $this->assertSame('bad_signature', json_decode($body, true)['error']['code']);
    }

    /** @return array{0: int, 1: string, 2: string} status, headers, body */
    private function send(int $major, string $method, array $params, string $body = '', ?string $signature = null): array
    {
        $request = signed_request($method, $params, $body);
        $curl = curl_init(self::$url . '/oc' . $major . '/index.php?route=extension/synclane/api&' . http_build_query($params));
        curl_setopt_array($curl, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_POSTFIELDS => $method === 'POST' ? $body : null,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'X-Synclane-Timestamp: ' . $request->timestamp, 'X-Synclane-Signature: ' . ($signature ?? $request->signature)],
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HEADER => true,
            CURLOPT_TIMEOUT => 10,
        ]);
        $answer = curl_exec($curl);
        $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        $headerSize = curl_getinfo($curl, CURLINFO_HEADER_SIZE);
        curl_close($curl);
        return [$status, substr($answer, 0, $headerSize), substr($answer, $headerSize)];
    }
}
