<?php
// A fake Synclane hook for `php -S`: records each request, then answers as
// the file "mode" in SYNCLANE_FAKE_DIR says: 202, 500, 400, or hang (sleeps
// longer than the extension's timeout). The ping gets Synclane's 200 answer.
$dir = getenv('SYNCLANE_FAKE_DIR');
$body = (string)file_get_contents('php://input');
file_put_contents($dir . '/requests.jsonl', json_encode([
    'method' => $_SERVER['REQUEST_METHOD'],
    'path' => parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH),
    'content_type' => $_SERVER['CONTENT_TYPE'] ?? '',
    'signature' => $_SERVER['HTTP_X_SYNCLANE_SIGNATURE'] ?? '',
    'body' => $body,
]) . "\n", FILE_APPEND | LOCK_EX);

$mode = trim((string)@file_get_contents($dir . '/mode')) ?: '202';
header('Content-Type: application/json');
if ($mode === 'hang') {
    sleep(3);
    $mode = '202';
}
if ($body === '{"route":"synclane/ping"}' && $mode === '202') {
    http_response_code(200);
    echo '{"status":"ok","tenant":"t1"}';
    return true;
}
http_response_code((int)$mode);
echo [
    '202' => '{"status":"accepted","dedupe_key":"k"}',
    '500' => '{"error":"internal"}',
    '400' => '{"error":"bad_request","message":"missing order"}',
    '404' => '{"error":"unknown_tenant"}',
    '429' => '{"error":"slow_down"}',
][$mode];
return true;
