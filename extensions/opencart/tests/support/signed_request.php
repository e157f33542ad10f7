<?php
/**
 * An API request signed the way API.md tells Synclane to sign it, computed
 * here independently of the extension's SynclaneSigner.
 *
 * @param array<string, string> $params query parameters besides route
 */
function signed_request(string $method, array $params, string $body = '', array $overrides = []): SynclaneApiRequest
{
    $route = 'extension/synclane/api';
    $timestamp = (string)($overrides['timestamp'] ?? time());
    $sorted = $params;
    ksort($sorted, SORT_STRING);
    $canonical = implode('&', array_map(fn ($name, $value) => rawurlencode($name) . '=' . rawurlencode($value), array_keys($sorted), $sorted));
    $signature = 'sha256=' . hash_hmac('sha256', $method . "\n" . $route . "\n" . $canonical . "\n" . $timestamp . "\n" . $body, $overrides['secret'] ?? TestShop::SECRET);
    // Form encoding, as a client library would send it ("+" for spaces).
    $query = 'route=' . urlencode($route) . ($params ? '&' . http_build_query($params) : '');
    return new SynclaneApiRequest($method, $query, $timestamp, $overrides['signature'] ?? $signature, $body);
}
