<?php
/**
 * OpenCart's DB class over SQLite: query() answers like the mysqli driver
 * (an object with row/rows/num_rows for reads, true otherwise, every value a
 * string or null), escape() quotes for SQLite. The MySQL DDL of the
 * extension's installer is translated; everything else runs as written, so
 * the tests also prove the extension's SQL is the portable subset.
 */
final class FakeDb
{
    /** @var PDO */
    public $pdo;

    /** @var callable|null called with each statement before it runs */
    public $beforeQuery;

    /** @var int */
    private $affected = 0;

    public function __construct(string $path = ':memory:')
    {
        $this->pdo = new PDO('sqlite:' . $path, null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
        $this->pdo->exec('PRAGMA busy_timeout = 5000');
        $this->pdo->sqliteCreateFunction('CONCAT', fn (...$parts) => implode('', $parts), -1);
        $this->pdo->sqliteCreateFunction('NOW', fn () => date('Y-m-d H:i:s'), 0);
    }

    public function query(string $sql)
    {
        if ($this->beforeQuery !== null) {
            ($this->beforeQuery)($sql);
        }
        try {
            $statement = $this->pdo->query(self::translate($sql));
        } catch (PDOException $e) {
            throw new Exception('Error: ' . $e->getMessage() . '<br/>' . $sql);
        }
        if ($statement->columnCount() > 0) {
            $rows = array_map(
                fn (array $row) => array_map(fn ($v) => $v === null ? null : (string)$v, $row),
                $statement->fetchAll(PDO::FETCH_ASSOC)
            );
            return (object)['row' => $rows[0] ?? [], 'rows' => $rows, 'num_rows' => count($rows)];
        }
        $this->affected = $statement->rowCount();
        return true;
    }

    public function escape(string $value): string
    {
        return str_replace("'", "''", $value);
    }

    public function getLastId(): int
    {
        return (int)$this->pdo->lastInsertId();
    }

    public function countAffected(): int
    {
        return $this->affected;
    }

    /** Runs a file of ';'-separated statements (the fixtures). */
    public function load(string $file): void
    {
        $this->pdo->exec(file_get_contents($file));
    }

    public function tableExists(string $table): bool
    {
        return (bool)$this->pdo->query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = " . $this->pdo->quote($table))->fetch();
    }

    /** Every table's rows, to prove a refused request changed nothing. */
    public function snapshot(): string
    {
        $tables = $this->pdo->query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")->fetchAll(PDO::FETCH_COLUMN);
        $all = [];
        foreach ($tables as $table) {
            $all[$table] = $this->pdo->query('SELECT * FROM "' . $table . '" ORDER BY rowid')->fetchAll(PDO::FETCH_ASSOC);
        }
        return md5(serialize($all));
    }

    /** @return array<int, array<string, string|null>> */
    public function rows(string $sql): array
    {
        return $this->query($sql)->rows;
    }

    private static function translate(string $sql): string
    {
        if (!preg_match('/^\s*CREATE TABLE/i', $sql)) {
            return $sql;
        }
        $sql = preg_replace('/INT\(11\) NOT NULL AUTO_INCREMENT/', 'INTEGER PRIMARY KEY AUTOINCREMENT', $sql, -1, $autoIncrement);
        if ($autoIncrement) {
            $sql = preg_replace('/,\s*PRIMARY KEY \(`\w+`\)/', '', $sql);
        }
        return preg_replace('/\)\s*ENGINE=.*$/s', ')', $sql);
    }
}
