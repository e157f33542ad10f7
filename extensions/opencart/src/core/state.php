<?php
/**
 * Small named values in `{prefix}synclane_state`: the last event sent (for the
 * admin status line), the pause after a failure, and the flush lease.
 */
class SynclaneState
{
    const LAST_EVENT = 'last_event';
    const PAUSED_UNTIL = 'paused_until';
    const FLUSH_LEASE = 'flush_lease';

    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $table;

    public function __construct($db, string $prefix)
    {
        $this->db = $db;
        $this->table = '`' . $prefix . 'synclane_state`';
    }

    /** The rows install() creates; the lease row must exist for acquireLease() to work. */
    public static function initialRows(): array
    {
        return array(self::LAST_EVENT => '', self::PAUSED_UNTIL => '0', self::FLUSH_LEASE => self::stamp(0));
    }

    public function get(string $name): string
    {
        $query = $this->db->query("SELECT `value` FROM " . $this->table . " WHERE `name` = '" . $this->db->escape($name) . "'");
        return $query->num_rows ? (string)$query->row['value'] : '';
    }

    public function set(string $name, string $value): void
    {
        $this->db->query("REPLACE INTO " . $this->table . " (`name`, `value`) VALUES ('" . $this->db->escape($name) . "', '" . $this->db->escape($value) . "')");
    }

    /** @param array{at: string, route: string, status: int, error: string} $event */
    public function recordLastEvent(array $event): void
    {
        $this->set(self::LAST_EVENT, (string)json_encode($event));
    }

    /** @return array{at: string, route: string, status: int, error: string}|null */
    public function lastEvent(): ?array
    {
        $value = json_decode($this->get(self::LAST_EVENT), true);
        return is_array($value) ? $value : null;
    }

    public function isPaused(int $now): bool
    {
        return (int)$this->get(self::PAUSED_UNTIL) > $now;
    }

    public function pauseUntil(int $until): void
    {
        $this->set(self::PAUSED_UNTIL, (string)$until);
    }

    /**
     * Takes the flush lease until $until unless another request holds an
     * unexpired one, so two requests never send the outbox at once (which
     * could send its events twice or out of order). A crashed holder's lease
     * simply expires. Timestamps are stored as 10-digit strings, which compare
     * as text the way they compare as numbers.
     */
    public function acquireLease(int $now, int $until): bool
    {
        $this->db->query("UPDATE " . $this->table . " SET `value` = '" . self::stamp($until) . "' WHERE `name` = '"
            . self::FLUSH_LEASE . "' AND `value` < '" . self::stamp($now) . "'");
        return $this->db->countAffected() === 1;
    }

    public function releaseLease(int $until): void
    {
        $this->db->query("UPDATE " . $this->table . " SET `value` = '" . self::stamp(0) . "' WHERE `name` = '"
            . self::FLUSH_LEASE . "' AND `value` = '" . self::stamp($until) . "'");
    }

    private static function stamp(int $time): string
    {
        return sprintf('%010d', $time);
    }
}
