<?php
/**
 * Finds syntax newer than the PHP a package must run on, with PHP's own
 * tokenizer (only PHP 8 is installed here, so `php -l` alone cannot tell
 * that a 3.0 file would not parse on PHP 7.3).
 *
 *   php tools/syntax_guard.php 7.3 FILE...   # the core and the 3.0 adapter
 *   php tools/syntax_guard.php 8.0 FILE...   # the 4.0 adapter
 *
 * Prints one line per finding and exits 1 if there is any.
 */
final class SyntaxGuard
{
    /** Functions that do not exist on the target. */
    const NEWER_FUNCTIONS = array(
        '7.3' => array('str_contains', 'str_starts_with', 'str_ends_with', 'get_debug_type', 'get_resource_id', 'fdiv', 'mb_str_split', 'array_is_list'),
        '8.0' => array('array_is_list', 'enum_exists'),
    );

    /** @return string[] "line N: what" */
    public static function findings(string $code, string $target): array
    {
        $tokens = array_values(array_filter(token_get_all($code), function ($token) {
            return !is_array($token) || !in_array($token[0], array(T_WHITESPACE, T_COMMENT, T_DOC_COMMENT), true);
        }));
        $found = array();
        $line = 1;
        $brackets = array();
        $signature = false;
        $classDepth = array();
        foreach ($tokens as $i => $token) {
            $id = is_array($token) ? $token[0] : $token;
            $text = is_array($token) ? $token[1] : $token;
            $line = is_array($token) ? $token[2] : $line;
            $prev = $i > 0 ? self::text($tokens[$i - 1]) : '';
            $next = isset($tokens[$i + 1]) ? self::text($tokens[$i + 1]) : '';
            $say = function ($what) use (&$found, &$line) {
                $found[] = 'line ' . $line . ': ' . $what;
            };

            if (in_array($text, array('(', '[', '{'), true) || $id === T_CURLY_OPEN || $id === T_DOLLAR_OPEN_CURLY_BRACES) {
                $brackets[] = $text === '(' || $text === '[' ? $text : '{';
            } elseif (in_array($text, array(')', ']', '}'), true)) {
                array_pop($brackets);
            }
            if ($id === T_CLASS && $prev !== '::') {
                $classDepth[] = count($brackets) + 1;
            }
            if ($text === '}' && $classDepth && end($classDepth) === count($brackets) + 1) {
                array_pop($classDepth);
            }
            if ($id === T_FUNCTION || (defined('T_FN') && $id === T_FN)) {
                $signature = true;
            } elseif ($signature && ($text === '{' || $text === ';' || $id === T_DOUBLE_ARROW)) {
                $signature = false;
            }

            // Newer than 8.0 (and so than 7.3 too).
            if (defined('T_ENUM') && $id === T_ENUM) {
                $say('enum (PHP 8.1)');
            }
            if (defined('T_READONLY') && $id === T_READONLY) {
                $say('readonly (PHP 8.1)');
            }
            if ($signature && strtolower($text) === 'never') {
                $say('never type (PHP 8.1)');
            }
            if ($id === T_ELLIPSIS && $prev === '(' && $next === ')') {
                $say('first-class callable syntax (PHP 8.1)');
            }
            if ($id === T_LNUMBER && stripos($text, '0o') === 0) {
                $say('0o octal literal (PHP 8.1)');
            }
            if ($id === T_STRING && $next === '(' && in_array(strtolower($text), self::NEWER_FUNCTIONS[$target], true)) {
                $say($text . '() does not exist on PHP ' . $target);
            }
            if ($target !== '7.3') {
                continue;
            }

            // Newer than 7.3.
            if (defined('T_FN') && $id === T_FN) {
                $say('arrow function fn (PHP 7.4)');
            }
            if (defined('T_MATCH') && $id === T_MATCH) {
                $say('match (PHP 8.0)');
            }
            if (defined('T_NULLSAFE_OBJECT_OPERATOR') && $id === T_NULLSAFE_OBJECT_OPERATOR) {
                $say('nullsafe operator ?-> (PHP 8.0)');
            }
            if (defined('T_ATTRIBUTE') && $id === T_ATTRIBUTE) {
                $say('attribute #[ (PHP 8.0)');
            }
            if ($id === T_COALESCE_EQUAL) {
                $say('??= (PHP 7.4)');
            }
            if (($id === T_LNUMBER || $id === T_DNUMBER) && strpos($text, '_') !== false) {
                $say('numeric literal separator (PHP 7.4)');
            }
            if ($signature && in_array(strtolower($text), array('mixed', 'never'), true)) {
                $say($text . ' type (PHP 8.0)');
            }
            if ($signature && $text === '|') {
                $say('union type (PHP 8.0)');
            }
            if ($signature && $id === T_STATIC && $prev === ':') {
                $say('static return type (PHP 8.0)');
            }
            if (in_array($id, array(T_PUBLIC, T_PROTECTED, T_PRIVATE, T_VAR), true)) {
                if (end($brackets) === '(') {
                    $say('constructor property promotion (PHP 8.0)');
                } elseif (!in_array(self::id($tokens, $i + 1), array(T_FUNCTION, T_CONST, T_VARIABLE, T_STATIC, T_ABSTRACT, T_FINAL), true)) {
                    $say('typed property (PHP 7.4)');
                }
            }
            if ($id === T_STATIC && $classDepth && end($classDepth) === count($brackets) && !in_array(self::id($tokens, $i + 1), array(T_FUNCTION, T_VARIABLE, T_PUBLIC, T_PROTECTED, T_PRIVATE, T_ABSTRACT, T_FINAL), true) && self::text($tokens[$i + 1]) !== '::') {
                $say('typed property (PHP 7.4)');
            }
            if ($next === ':' && ($prev === '(' || $prev === ',') && preg_match('/^[A-Za-z_][A-Za-z0-9_]*$/', $text)) {
                $say('named argument ' . $text . ': (PHP 8.0)');
            }
            if ($id === T_THROW && in_array($prev, array('=', '??', '?', '=>', '(', ',', '&&', '||', 'and', 'or'), true)) {
                $say('throw expression (PHP 8.0)');
            }
            if ($id === T_CATCH && self::catchWithoutVariable($tokens, $i)) {
                $say('catch without a variable (PHP 8.0)');
            }
            if ($id === T_VARIABLE && $next === '::' && isset($tokens[$i + 2]) && self::id($tokens, $i + 2) === T_CLASS) {
                $say('$object::class (PHP 8.0)');
            }
            if ($id === T_ELLIPSIS && end($brackets) === '[') {
                $say('spread in an array literal (PHP 7.4)');
            }
        }
        return $found;
    }

    private static function text($token): string
    {
        return is_array($token) ? $token[1] : $token;
    }

    private static function id(array $tokens, int $i)
    {
        return isset($tokens[$i]) ? (is_array($tokens[$i]) ? $tokens[$i][0] : $tokens[$i]) : null;
    }

    private static function catchWithoutVariable(array $tokens, int $i): bool
    {
        for ($j = $i + 2; isset($tokens[$j]) && self::text($tokens[$j]) !== ')'; $j++) {
            if (self::id($tokens, $j) === T_VARIABLE) {
                return false;
            }
        }
        return true;
    }
}

if (PHP_SAPI === 'cli' && isset($argv[0]) && realpath($argv[0]) === __FILE__) {
    $target = $argv[1] ?? '';
    if (!isset(SyntaxGuard::NEWER_FUNCTIONS[$target]) || count($argv) < 3) {
        fwrite(STDERR, "usage: php syntax_guard.php 7.3|8.0 FILE...\n");
        exit(2);
    }
    $failed = false;
    foreach (array_slice($argv, 2) as $file) {
        foreach (SyntaxGuard::findings((string)file_get_contents($file), $target) as $finding) {
            echo $file, ' ', $finding, "\n";
            $failed = true;
        }
    }
    exit($failed ? 1 : 0);
}
