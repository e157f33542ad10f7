<?php
// Loads the Synclane core classes (global names with the Synclane prefix) on
// demand. OpenCart 3.0 and 4.0 autoload library code under different
// namespaces and folders, so the core brings its own loader and stays the
// same file in both packages: SynclaneFooBar lives in foo_bar.php here.
spl_autoload_register(function ($class) {
    if (strncmp($class, 'Synclane', 8) !== 0 || strpos($class, '\\') !== false) {
        return;
    }
    $file = __DIR__ . '/' . strtolower(preg_replace('/(?<!^)[A-Z]/', '_$0', substr($class, 8))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
