<?php
/**
 * Posts a body to a URL. The client depends on this, not on curl, so tests
 * and the benchmark can swap the network out.
 */
interface SynclaneTransport
{
    /**
     * @param array<int, string> $headers "Name: value" lines
     */
    public function post(string $url, array $headers, string $body, int $timeoutMs): SynclaneHttpResult;
}
