<?php
/**
 * Builds the INSERT and UPDATE statements of the API's writes from column
 * maps. Column names come from the code, never from a request; every value
 * is cast (int) or escaped with OpenCart's own DB::escape(). The statements
 * are plain SQL that MySQL and the tests' SQLite both run.
 */
class SynclaneSql
{
    /** @param array<string, string|int> $columns */
    public static function insert($db, string $table, array $columns): void
    {
        $db->query("INSERT INTO `" . $table . "` (`" . implode('`, `', array_keys($columns)) . "`) VALUES ("
            . implode(', ', self::values($db, $columns)) . ")");
    }

    /** @param array<string, string|int> $columns */
    public static function update($db, string $table, array $columns, string $keyColumn, int $key): void
    {
        $assignments = array();
        foreach (self::values($db, $columns) as $column => $value) {
            $assignments[] = "`" . $column . "` = " . $value;
        }
        $db->query("UPDATE `" . $table . "` SET " . implode(', ', $assignments) . " WHERE `" . $keyColumn . "` = " . (int)$key);
    }

    /**
     * Runs $writes in one transaction where the tables support it (InnoDB;
     * 3.0's MyISAM tables ignore it, which is why every request is checked
     * in full before the first write).
     */
    public static function transaction($db, callable $writes): void
    {
        $db->query("BEGIN");
        try {
            $writes();
        } catch (Throwable $e) {
            $db->query("ROLLBACK");
            throw $e;
        }
        $db->query("COMMIT");
    }

    /**
     * @param array<string, string|int> $columns
     * @return array<string, string>
     */
    private static function values($db, array $columns): array
    {
        $values = array();
        foreach ($columns as $column => $value) {
            $values[$column] = is_int($value) ? (string)$value : "'" . $db->escape((string)$value) . "'";
        }
        return $values;
    }
}
