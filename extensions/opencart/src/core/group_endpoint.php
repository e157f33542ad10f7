<?php
/**
 * `customer_group.list`: the shop's customer groups with how many customers
 * each has, and how many customers have no (existing) group (CM-1's filter).
 */
class SynclaneGroupEndpoint
{
    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    /** @var int */
    private $languageId;

    /** @var int */
    private $defaultGroupId;

    public function __construct($db, string $prefix, int $languageId, int $defaultGroupId)
    {
        $this->db = $db;
        $this->prefix = $prefix;
        $this->languageId = $languageId;
        $this->defaultGroupId = $defaultGroupId;
    }

    public function list(SynclaneInput $query): SynclaneApiResponse
    {
        $query->allowOnly(array('op'));
        $groups = $this->db->query("SELECT cg.`customer_group_id`, COALESCE(cgd.`name`, '') AS `name`, COALESCE(cgd.`description`, '') AS `description`, "
            . "cg.`approval`, cg.`sort_order`, (SELECT COUNT(*) FROM `" . $this->prefix . "customer` c WHERE c.`customer_group_id` = cg.`customer_group_id`) AS `customer_count` "
            . "FROM `" . $this->prefix . "customer_group` cg LEFT JOIN `" . $this->prefix . "customer_group_description` cgd "
            . "ON (cgd.`customer_group_id` = cg.`customer_group_id` AND cgd.`language_id` = " . (int)$this->languageId . ") "
            . "ORDER BY cg.`sort_order` ASC, cg.`customer_group_id` ASC")->rows;
        $none = $this->db->query("SELECT COUNT(*) AS `total` FROM `" . $this->prefix . "customer` WHERE `customer_group_id` NOT IN (SELECT `customer_group_id` FROM `"
            . $this->prefix . "customer_group`)")->row['total'];
        return new SynclaneApiResponse(200, array(
            'customer_groups' => $groups,
            'no_group_count' => (int)$none,
            'default_customer_group_id' => (string)$this->defaultGroupId,
        ));
    }
}
