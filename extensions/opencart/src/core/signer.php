<?php
/**
 * HMAC-SHA256 signatures, both directions (see API.md "Signing").
 */
class SynclaneSigner
{
    /** `X-Synclane-Signature` of an event body posted to Synclane. */
    public static function bodySignature(string $secret, string $body): string
    {
        return 'sha256=' . hash_hmac('sha256', $body, $secret);
    }

    /**
     * `X-Synclane-Signature` of a request Synclane makes to the API: the
     * method, the route, the other query parameters in canonical form, the
     * timestamp and the raw body, one per line.
     *
     * @param array<string, string> $query every query parameter but `route`
     */
    public static function requestSignature(string $secret, string $method, string $route, array $query, string $timestamp, string $body): string
    {
        $canonical = strtoupper($method) . "\n" . $route . "\n" . self::canonicalQuery($query) . "\n" . $timestamp . "\n" . $body;
        return 'sha256=' . hash_hmac('sha256', $canonical, $secret);
    }

    /**
     * Parameters sorted by name (byte order), each as
     * rawurlencode(name)=rawurlencode(value) (RFC 3986), joined by "&".
     *
     * @param array<string, string> $query
     */
    public static function canonicalQuery(array $query): string
    {
        ksort($query, SORT_STRING);
        $pairs = array();
        foreach ($query as $name => $value) {
            $pairs[] = rawurlencode((string)$name) . '=' . rawurlencode((string)$value);
        }
        return implode('&', $pairs);
    }

    /** Constant-time check of a received `sha256=<hex>` header against the expected one. */
    public static function matches(string $expected, string $given): bool
    {
        return hash_equals($expected, strtolower(trim($given)));
    }

    public static function cronKey(string $secret): string
    {
        return substr(hash_hmac('sha256', 'cron', $secret), 0, 16);
    }
}
