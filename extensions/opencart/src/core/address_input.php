<?php
/**
 * Reads an address object of a request into column values, resolving the
 * country (by `iso_code_2` or `country_id`) and the zone (by `zone` name or
 * code, or `zone_id`) against the shop's own country and zone tables.
 */
class SynclaneAddressInput
{
    /** Fields of an address object. */
    const FIELDS = array('firstname', 'lastname', 'company', 'address_1', 'address_2', 'city', 'postcode', 'iso_code_2', 'country_id', 'zone', 'zone_id');

    /** @var object OpenCart's DB */
    private $db;

    /** @var string */
    private $prefix;

    public function __construct($db, string $prefix)
    {
        $this->db = $db;
        $this->prefix = $prefix;
    }

    /**
     * The columns an address object sets. Fields left out are left out of
     * the result (a partial update); with $complete the required ones
     * (names, address_1, city, country) must be present. $companyMax is the
     * length of the company column written to (40 or 60, see SynclaneFlavour);
     * $extraFields are further members the caller reads itself.
     *
     * Keys returned: firstname, lastname, company, address_1, address_2, city,
     * postcode, and with a country: country_id, country (name),
     * address_format, zone_id, zone (name; "" and 0 when no zone is given).
     *
     * @return array<string, string|int>
     */
    public function columns(SynclaneInput $in, bool $complete, int $companyMax, array $extraFields = array()): array
    {
        $in->allowOnly(array_merge(self::FIELDS, $extraFields));
        $limits = array('firstname' => 32, 'lastname' => 32, 'company' => $companyMax, 'address_1' => 128, 'address_2' => 128, 'city' => 128, 'postcode' => 10);
        $required = array('firstname', 'lastname', 'address_1', 'city');
        $columns = array();
        foreach ($limits as $key => $max) {
            $mustHave = $complete && in_array($key, $required, true);
            if ($in->has($key) || $mustHave) {
                $columns[$key] = $in->text($key, $max, !$mustHave);
            }
        }
        if ($in->has('iso_code_2') || $in->has('country_id') || $complete) {
            $columns += $this->country($in);
        } elseif ($in->has('zone') || $in->has('zone_id')) {
            throw SynclaneApiError::invalidField($in->field($in->has('zone') ? 'zone' : 'zone_id'), 'give the country (iso_code_2 or country_id) with the zone');
        }
        return $columns;
    }

    /** @return array{country_id: int, country: string, address_format: string, zone_id: int, zone: string} */
    private function country(SynclaneInput $in): array
    {
        if ($in->has('iso_code_2') && $in->has('country_id')) {
            throw SynclaneApiError::invalidField($in->field('country_id'), 'give iso_code_2 or country_id, not both');
        }
        if ($in->has('country_id')) {
            $where = "`country_id` = " . $in->id('country_id');
            $field = 'country_id';
        } else {
            $where = "LOWER(`iso_code_2`) = '" . $this->db->escape(self::lower($in->text('iso_code_2', 2, false))) . "'";
            $field = 'iso_code_2';
        }
        $query = $this->db->query("SELECT `country_id`, `name`, `address_format` FROM `" . $this->prefix . "country` WHERE " . $where);
        if (!$query->num_rows) {
            throw SynclaneApiError::invalidField($in->field($field), 'no such country in the shop');
        }
        $country = $query->row;
        $zone = $this->zone($in, (int)$country['country_id']);
        return array(
            'country_id' => (int)$country['country_id'],
            'country' => (string)$country['name'],
            'address_format' => (string)$country['address_format'],
            'zone_id' => $zone ? (int)$zone['zone_id'] : 0,
            'zone' => $zone ? (string)$zone['name'] : '',
        );
    }

    /** @return array{zone_id: string, name: string}|null */
    private function zone(SynclaneInput $in, int $countryId): ?array
    {
        if ($in->has('zone') && $in->has('zone_id')) {
            throw SynclaneApiError::invalidField($in->field('zone_id'), 'give zone or zone_id, not both');
        }
        if ($in->has('zone_id')) {
            $where = "`zone_id` = " . $in->id('zone_id');
            $field = 'zone_id';
        } elseif ($in->has('zone')) {
            $name = $this->db->escape(self::lower($in->text('zone', 128, false)));
            $where = "(LOWER(`name`) = '" . $name . "' OR LOWER(`code`) = '" . $name . "')";
            $field = 'zone';
        } else {
            return null;
        }
        $query = $this->db->query("SELECT `zone_id`, `name` FROM `" . $this->prefix . "zone` WHERE `country_id` = " . (int)$countryId . " AND " . $where . " ORDER BY `zone_id` LIMIT 1");
        if (!$query->num_rows) {
            throw SynclaneApiError::invalidField($in->field($field), 'no such zone in this country');
        }
        return $query->row;
    }

    /** Lower case as MySQL's LOWER() does it, beyond ASCII where mbstring is there. */
    private static function lower(string $text): string
    {
        return function_exists('mb_strtolower') ? mb_strtolower($text, 'UTF-8') : strtolower($text);
    }
}
