<?php
/**
 * Runs fake_synclane_router.php under `php -S` on a free loopback port (one
 * server per test process) and lets tests switch its answer and read what it
 * received.
 */
final class FakeSynclane
{
    private static $instance;

    /** @var string base URL, e.g. http://127.0.0.1:41234 */
    public $url;

    private $dir;
    private $process;

    public static function get(): self
    {
        if (self::$instance === null) {
            self::$instance = new self();
        }
        self::$instance->reset();
        return self::$instance;
    }

    /** A base URL nothing listens on: every connection is refused at once. */
    public static function refusedUrl(): string
    {
        return 'http://127.0.0.1:' . free_port();
    }

    private function __construct()
    {
        $this->dir = sys_get_temp_dir() . '/synclane-fake-' . getmypid();
        @mkdir($this->dir);
        $port = free_port();
        $this->url = 'http://127.0.0.1:' . $port;
        $this->process = start_php_server($port, __DIR__ . '/fake_synclane_router.php', ['SYNCLANE_FAKE_DIR' => $this->dir]);
        register_shutdown_function(fn () => stop_php_server($this->process));
    }

    public function mode(string $mode): void
    {
        file_put_contents($this->dir . '/mode', $mode);
    }

    public function reset(): void
    {
        $this->mode('202');
        @unlink($this->dir . '/requests.jsonl');
    }

    /** @return array<int, array{method: string, path: string, content_type: string, signature: string, body: string}> */
    public function requests(): array
    {
        $file = $this->dir . '/requests.jsonl';
        if (!is_file($file)) {
            return [];
        }
        return array_map(fn ($line) => json_decode($line, true), array_filter(explode("\n", file_get_contents($file))));
    }

    /** @return string[] the "route" of each event body received, in order */
    public function routes(): array
    {
        return array_map(fn ($r) => json_decode($r['body'], true)['route'] . '#' . (json_decode($r['body'], true)['order_id'] ?? ''), $this->requests());
    }
}

function free_port(): int
{
    $socket = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int)substr(strrchr(stream_socket_get_name($socket, false), ':'), 1);
    fclose($socket);
    return $port;
}

/**
 * Starts `php -S` with a router and waits until it accepts connections. It
 * runs in a session of its own so stop_php_server() can end its workers too.
 */
function start_php_server(int $port, string $router, array $env)
{
    // Several workers, so a request left hanging does not block the next one.
    $env += ['PHP_CLI_SERVER_WORKERS' => '4', 'PATH' => getenv('PATH')];
    $process = proc_open(
        ['setsid', PHP_BINARY, '-S', '127.0.0.1:' . $port, $router],
        [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
        $pipes,
        null,
        $env
    );
    for ($i = 0; $i < 100; $i++) {
        $connection = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.1);
        if ($connection) {
            fclose($connection);
            return $process;
        }
        usleep(50000);
    }
    throw new RuntimeException('php -S did not start on port ' . $port);
}

/** Ends a server start_php_server() started: its process group, workers included. */
function stop_php_server($process): void
{
    $pid = proc_get_status($process)['pid'];
    posix_kill(-$pid, 15); // SIGTERM (the constant needs pcntl)
    proc_close($process);
}
