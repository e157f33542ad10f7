<?php
// Test bootstrap: OpenCart's constants, the folders the adapters load the
// core from (DIR_SYSTEM for 3.0, DIR_EXTENSION for 4.0; both point at
// src/core), and the stand-ins.
define('SYNCLANE_SRC', dirname(__DIR__) . '/src');

// One folder per checkout, so two clones never load each other's core.
$stage = sys_get_temp_dir() . '/synclane-oc-' . md5(SYNCLANE_SRC);
foreach (['/system/library', '/extension/synclane/system/library'] as $folder) {
    if (!is_dir($stage . $folder)) {
        mkdir($stage . $folder, 0777, true);
    }
    if (!is_link($stage . $folder . '/synclane')) {
        symlink(SYNCLANE_SRC . '/core', $stage . $folder . '/synclane');
    }
}
define('DIR_SYSTEM', $stage . '/system/');
define('DIR_EXTENSION', $stage . '/extension/');
define('DB_PREFIX', 'oc_');
// The 4.0 adapters read VERSION; the 3.0 ones run as 3.0 whatever it says.
define('VERSION', '4.0.2.3');
define('HTTP_CATALOG', 'http://shop.test/');
define('HTTPS_CATALOG', 'http://shop.test/');

require SYNCLANE_SRC . '/core/autoload.php';
foreach (['engine', 'fake_db', 'fakes', 'fake_models', 'test_shop', 'fake_synclane', 'signed_request', 'calls_api', 'scripted_transport'] as $support) {
    require __DIR__ . '/support/' . $support . '.php';
}
