<?php
// A shop for `php -S`: /oc3/index.php and /oc4/index.php run the 3.0 or 4.0
// API and cron controllers over the SQLite files in SYNCLANE_SHOP_DIR, so the
// HTTP tests exercise what only a real request has (raw query string, body,
// headers, status line).
require dirname(__DIR__) . '/bootstrap.php';

$major = (int)substr(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH), 3, 1);
$shop = TestShop::open($major, 'http://127.0.0.1:1', getenv('SYNCLANE_SHOP_DIR') . '/oc' . $major . '.sqlite');
$route = $_GET['route'] ?? '';
if (!in_array($route, ['extension/synclane/api', 'extension/synclane/cron'], true)) {
    http_response_code(404);
    return true;
}
$shop->registry->set('request', new FakeRequest($_GET, $_POST, $_SERVER['REQUEST_METHOD']));
$shop->controller($route === 'extension/synclane/api' ? 'api' : 'cron')->index();
// What OpenCart's Response::output() does with the headers and the output.
$response = $shop->registry->get('response');
foreach ($response->headers as $header) {
    header($header, true);
}
echo $response->output;
return true;
