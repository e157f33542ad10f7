<?php
/** A transport that answers from a script and records what was posted. */
final class ScriptedTransport implements SynclaneTransport
{
    /** @var SynclaneHttpResult[] */
    public $answers;

    /** @var array<int, array{url: string, headers: array, body: string}> */
    public $posts = [];

    public function __construct(SynclaneHttpResult ...$answers)
    {
        $this->answers = $answers;
    }

    public function post(string $url, array $headers, string $body, int $timeoutMs): SynclaneHttpResult
    {
        $this->posts[] = ['url' => $url, 'headers' => $headers, 'body' => $body];
        return array_shift($this->answers) ?? new SynclaneHttpResult(202, '{"status":"accepted"}');
    }

    /** @return string[] the order_id of each posted event */
    public function orderIds(): array
    {
        return array_map(fn ($post) => json_decode($post['body'], true)['order_id'], $this->posts);
    }
}
