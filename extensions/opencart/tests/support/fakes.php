<?php
// Stand-ins for the OpenCart services the adapters touch. Each keeps what
// was done to it so tests can look.

final class FakeConfig
{
    public $data = [];

    public function get(string $key)
    {
        return $this->data[$key] ?? null;
    }

    public function set(string $key, $value): void
    {
        $this->data[$key] = $value;
    }
}

final class FakeLog
{
    /** @var string[] */
    public $lines = [];

    public function write($message): void
    {
        $this->lines[] = (string)$message;
    }

    public function contains(string $needle): bool
    {
        foreach ($this->lines as $line) {
            if (strpos($line, $needle) !== false) {
                return true;
            }
        }
        return false;
    }
}

/** Like OpenCart's Request: every value HTML-escaped. */
final class FakeRequest
{
    public $get = [];
    public $post = [];
    public $server = ['REQUEST_METHOD' => 'GET'];

    public function __construct(array $get = [], array $post = [], string $method = 'GET')
    {
        $clean = fn (array $data) => array_map(fn ($v) => htmlspecialchars((string)$v, ENT_COMPAT, 'UTF-8'), $data);
        $this->get = $clean($get);
        $this->post = $clean($post);
        $this->server['REQUEST_METHOD'] = $method;
    }
}

final class FakeResponse
{
    public $headers = [];
    public $output = '';
    public $redirect = '';

    public function addHeader(string $header): void
    {
        $this->headers[] = $header;
    }

    public function setOutput($output): void
    {
        $this->output = (string)$output;
    }

    public function redirect(string $url): void
    {
        $this->redirect = $url;
    }

    /** @return array<string, mixed> */
    public function json(): array
    {
        return json_decode($this->output, true);
    }
}

final class FakeSession
{
    public $data = ['user_token' => 'tok'];
}

final class FakeUser
{
    public $allowed = true;

    public function hasPermission(string $kind, string $route): bool
    {
        return $this->allowed;
    }
}

final class FakeCustomer
{
    public $id = 0;

    public function getId(): int
    {
        return $this->id;
    }
}

final class FakeDocument
{
    public $title = '';

    public function setTitle(string $title): void
    {
        $this->title = $title;
    }
}

final class FakeUrl
{
    public function link(string $route, $args = '', $secure = false): string
    {
        return 'http://shop.test/admin/index.php?route=' . $route . ($args ? '&amp;' . $args : '');
    }
}

final class FakeLanguage
{
    public $data = [];

    public function get(string $key): string
    {
        return $this->data[$key] ?? $key;
    }
}
