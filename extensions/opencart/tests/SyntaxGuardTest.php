<?php
use PHPUnit\Framework\TestCase;

require_once dirname(__DIR__) . '/tools/syntax_guard.php';

/** The PHP 7.3 / 8.0 syntax guard check.sh runs on the packages' files. */
final class SyntaxGuardTest extends TestCase
{
    public function newerThan73(): array
    {
        return [
            'typed property' => ['class A { private int $x; }', 'typed property'],
            'typed static property' => ['class A { public static ?string $x = null; }', 'typed property'],
            'arrow function' => ['$f = fn ($x) => $x;', 'arrow function'],
            'match' => ['echo match ($x) { 1 => 2, default => 3 };', 'match'],
            'nullsafe' => ['echo $a?->b;', 'nullsafe'],
            'named argument' => ['foo(1, strict: true);', 'named argument strict'],
            'union type' => ['function f(int|string $x) {}', 'union type'],
            'union return type' => ['function f(): int|false {}', 'union type'],
            'mixed' => ['function f(mixed $x): void {}', 'mixed type'],
            'promotion' => ['class A { public function __construct(private $x) {} }', 'promotion'],
            'coalesce assignment' => ['$a ??= 1;', '??='],
            'throw expression' => ['$a = $b ?? throw new Exception();', 'throw expression'],
            'catch without variable' => ['try {} catch (Exception) {}', 'catch without a variable'],
            'str_contains' => ['str_contains($a, "b");', 'str_contains()'],
            'spread in array' => ['$a = [...$b];', 'spread'],
            'numeric separator' => ['$a = 1_000;', 'separator'],
            'attribute' => ['#[Pure] function f() {}', 'attribute'],
        ];
    }

    /** @dataProvider newerThan73 */
    public function test_it_finds_syntax_php_7_3_cannot_parse(string $code, string $expected): void
    {
        $findings = SyntaxGuard::findings('<?php ' . $code, '7.3');

        $this->assertNotEmpty($findings);
        $this->assertStringContainsString($expected, implode("\n", $findings));
    }

    public function test_it_accepts_what_php_7_3_runs(): void
    {
        $code = <<<'PHP'
<?php
class A extends B implements C {
    const X = array(1, 2);
    private static $count = 0;
    public $plain;
    public function __construct(?int $a, string ...$rest) { parent::__construct(); }
    public static function make(): self { return new static(); }
    public function run(callable $f): ?array {
        $x = $this->plain ?? (true ? 'a' : 'b');
        switch ($x) { case 'a': break; default: break; }
        $y = function ($z) use ($x): int { return static::count($z); };
        try { f(...$args); } catch (Exception $e) { throw $e; }
        return array_map(array($this, 'run'), array(A::class));
    }
}
PHP;
        $this->assertSame([], SyntaxGuard::findings($code, '7.3'));
    }

    public function test_php_8_0_code_may_use_8_0_but_not_8_1(): void
    {
        $this->assertSame([], SyntaxGuard::findings('<?php function f(mixed &$x): void { $f = fn () => $x?->y; }', '8.0'));
        $this->assertNotEmpty(SyntaxGuard::findings('<?php enum Suit { case Hearts; }', '8.0'));
        $this->assertNotEmpty(SyntaxGuard::findings('<?php class A { public readonly int $x; }', '8.0'));
        $this->assertNotEmpty(SyntaxGuard::findings('<?php $f = strlen(...);', '8.0'));
    }
}
