<?php
/**
 * Events Synclane has not taken yet, oldest first, in `{prefix}synclane_outbox`.
 */
class SynclaneOutbox
{
    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $table;

    public function __construct($db, string $prefix)
    {
        $this->db = $db;
        $this->table = '`' . $prefix . 'synclane_outbox`';
    }

    public function add(string $body, int $attempts, string $lastError): void
    {
        $this->db->query("INSERT INTO " . $this->table . " (`created_at`, `body`, `attempts`, `last_error`) VALUES ('"
            . $this->db->escape(date('Y-m-d H:i:s')) . "', '" . $this->db->escape($body) . "', " . (int)$attempts . ", '"
            . $this->db->escape(substr($lastError, 0, 255)) . "')");
    }

    /** @return array{id: string, body: string, attempts: string}|null */
    public function oldest(): ?array
    {
        $query = $this->db->query("SELECT `id`, `body`, `attempts` FROM " . $this->table . " ORDER BY `id` ASC LIMIT 1");
        return $query->num_rows ? $query->row : null;
    }

    public function isEmpty(): bool
    {
        return $this->oldest() === null;
    }

    public function count(): int
    {
        $query = $this->db->query("SELECT COUNT(*) AS `total` FROM " . $this->table);
        return (int)$query->row['total'];
    }

    public function remove(int $id): void
    {
        $this->db->query("DELETE FROM " . $this->table . " WHERE `id` = " . (int)$id);
    }

    public function recordFailure(int $id, string $error): void
    {
        $this->db->query("UPDATE " . $this->table . " SET `attempts` = `attempts` + 1, `last_error` = '"
            . $this->db->escape(substr($error, 0, 255)) . "' WHERE `id` = " . (int)$id);
    }
}
