<?php
/**
 * How long the extension adds to an order save: the time of the
 * addOrder/after handler (what OpenCart waits for before it answers the
 * checkout) with the test stand-in shop, against a local fake Synclane that
 * is up (202), down (connection refused) or hanging (answers after 3 s).
 *
 *   php extensions/opencart/bench.php [runs]        # default 200
 *
 * The stand-in's database is SQLite in memory: the figures are the
 * extension's own work plus HTTP on loopback, and the "queries" column says
 * how many statements a real MySQL would add its round trip to.
 */
require __DIR__ . '/tests/bootstrap.php';

$runs = max(10, (int)($argv[1] ?? 200));
$synclane = FakeSynclane::get();

/**
 * Times $runs order events. $beforeEach runs outside the timing (e.g. to end
 * the pause a failure starts, so that every event pays for its own try).
 *
 * @return array{0: float, 1: float, 2: float, 3: float} p50, p99, max (ms), statements per event
 */
function bench(int $major, string $url, int $runs, ?callable $beforeEach = null): array
{
    $shop = TestShop::create($major, $url);
    $handler = $shop->controller('event/order');
    $statements = 0;
    $shop->db->beforeQuery = function () use (&$statements) {
        $statements++;
    };
    $times = [];
    $timedStatements = 0;
    for ($i = 0; $i < $runs; $i++) {
        if ($beforeEach) {
            $beforeEach($shop);
        }
        $route = 'checkout/order/addOrder';
        $args = [[]];
        $output = 1;
        $counted = $statements;
        $started = hrtime(true);
        $handler->add($route, $args, $output);
        $times[] = (hrtime(true) - $started) / 1e6;
        $timedStatements += $statements - $counted;
    }
    sort($times);
    $at = fn (float $q) => $times[(int)ceil($q * count($times)) - 1];
    return [$at(0.50), $at(0.99), end($times), $timedStatements / $runs];
}

$endPause = fn (TestShop $shop) => $shop->endPause();
$rows = [];
$synclane->mode('202');
$rows[] = ['up (202), 3.0', $runs, bench(3, $synclane->url, $runs)];
$rows[] = ['up (202), 4.0', $runs, bench(4, $synclane->url, $runs)];
$refused = FakeSynclane::refusedUrl();
$rows[] = ['down (refused), every event tries', $runs, bench(4, $refused, $runs, $endPause)];
$rows[] = ['down (refused), within the 30 s pause', $runs, bench(4, $refused, $runs)];
$synclane->mode('hang');
$slow = min(20, $runs);
$rows[] = ['hanging, every event tries', $slow, bench(4, $synclane->url, $slow, $endPause)];
$rows[] = ['hanging, within the 30 s pause', $runs, bench(4, $synclane->url, $runs)];

printf("%-40s %6s %9s %9s %9s %8s\n", 'Synclane', 'runs', 'p50 ms', 'p99 ms', 'max ms', 'queries');
foreach ($rows as [$name, $n, [$p50, $p99, $max, $queries]]) {
    printf("%-40s %6d %9.2f %9.2f %9.2f %8.1f\n", $name, $n, $p50, $p99, $max, $queries);
}
printf("PHP %s, %s\n", PHP_VERSION, php_uname('s') . ' ' . php_uname('m'));
