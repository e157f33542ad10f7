<?php
/**
 * The extension's own tables: created on Install, dropped on Uninstall.
 */
class SynclaneInstaller
{
    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    public function __construct($db, string $prefix)
    {
        $this->db = $db;
        $this->prefix = $prefix;
    }

    public function createTables(): void
    {
        // MEDIUMTEXT: an order with many lines outgrows TEXT's 64 KiB.
        $this->db->query("CREATE TABLE IF NOT EXISTS `" . $this->prefix . "synclane_outbox` (
  `id` INT(11) NOT NULL AUTO_INCREMENT,
  `created_at` DATETIME NOT NULL,
  `body` MEDIUMTEXT NOT NULL,
  `attempts` INT(11) NOT NULL DEFAULT '0',
  `last_error` VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        $this->db->query("CREATE TABLE IF NOT EXISTS `" . $this->prefix . "synclane_state` (
  `name` VARCHAR(32) NOT NULL,
  `value` TEXT NOT NULL,
  PRIMARY KEY (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        $state = new SynclaneState($this->db, $this->prefix);
        foreach (SynclaneState::initialRows() as $name => $value) {
            $state->set($name, $value);
        }
    }

    public function dropTables(): void
    {
        $this->db->query("DROP TABLE IF EXISTS `" . $this->prefix . "synclane_outbox`");
        $this->db->query("DROP TABLE IF EXISTS `" . $this->prefix . "synclane_state`");
    }
}
