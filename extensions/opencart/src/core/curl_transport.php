<?php
/**
 * The production transport: one curl request with a hard total timeout, so a
 * slow or hanging Synclane costs an order save at most that long.
 */
class SynclaneCurlTransport implements SynclaneTransport
{
    public function post(string $url, array $headers, string $body, int $timeoutMs): SynclaneHttpResult
    {
        $curl = curl_init($url);
        // Without an empty Expect header curl sends "Expect: 100-continue" for
        // bodies over 1 KiB and waits for the server's go-ahead first.
        $headers[] = 'Expect:';
        curl_setopt_array($curl, array(
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $body,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_CONNECTTIMEOUT_MS => $timeoutMs,
            CURLOPT_TIMEOUT_MS => $timeoutMs,
            // Millisecond timeouts are ignored during DNS look-ups unless
            // curl may skip the signal-based resolver timer.
            CURLOPT_NOSIGNAL => true,
            CURLOPT_FOLLOWLOCATION => false,
        ));
        $answer = curl_exec($curl);
        $status = (int)curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        $error = curl_error($curl);
        curl_close($curl);
        if ($answer === false) {
            return new SynclaneHttpResult(0, '', $error);
        }
        return new SynclaneHttpResult($status, (string)$answer);
    }
}
