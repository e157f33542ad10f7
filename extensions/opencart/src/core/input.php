<?php
/**
 * Typed reads of a JSON object from a request body. Each refusal names the
 * field by its path ("addresses[1].postcode") so the caller can fix it.
 * Unknown members are refused too: a misspelt field would otherwise be
 * silently ignored.
 */
class SynclaneInput
{
    /** @var array<string, mixed> */
    private $data;

    /** @var string */
    private $path;

    /** @param array<string, mixed> $data */
    public function __construct(array $data, string $path = '')
    {
        $this->data = $data;
        $this->path = $path;
    }

    /** @param string[] $allowed */
    public function allowOnly(array $allowed): void
    {
        foreach (array_keys($this->data) as $key) {
            if (!in_array((string)$key, $allowed, true)) {
                throw SynclaneApiError::invalidField($this->field((string)$key), 'unknown field');
            }
        }
    }

    public function has(string $key): bool
    {
        return array_key_exists($key, $this->data);
    }

    /** A nested object, or null when absent. */
    public function object(string $key): ?SynclaneInput
    {
        if (!$this->has($key)) {
            return null;
        }
        $value = $this->data[$key];
        if (!is_array($value) || ($value !== array() && array_keys($value) === range(0, count($value) - 1))) {
            throw SynclaneApiError::invalidField($this->field($key), 'must be an object');
        }
        return new self($value, $this->field($key));
    }

    /** @return SynclaneInput[] the objects of a JSON array, or null when absent */
    public function objects(string $key): ?array
    {
        if (!$this->has($key)) {
            return null;
        }
        $value = $this->data[$key];
        if (!is_array($value) || ($value !== array() && array_keys($value) !== range(0, count($value) - 1))) {
            throw SynclaneApiError::invalidField($this->field($key), 'must be an array');
        }
        $items = array();
        foreach ($value as $index => $item) {
            $items[] = (new self(array($index => $item), $this->field($key)))->object((string)$index);
        }
        return $items;
    }

    /** A JSON string of at most $max characters; empty only if $allowEmpty. */
    public function text(string $key, int $max, bool $allowEmpty = true): string
    {
        $value = $this->value($key);
        if (!is_string($value)) {
            throw SynclaneApiError::invalidField($this->field($key), 'must be a string');
        }
        if (!$allowEmpty && $value === '') {
            throw SynclaneApiError::invalidField($this->field($key), 'must not be empty');
        }
        if (preg_match_all('/./us', $value) > $max) {
            throw SynclaneApiError::invalidField($this->field($key), 'longer than ' . $max . ' characters');
        }
        return $value;
    }

    /** An e-mail address (the empty string too if $allowEmpty). */
    public function email(string $key, bool $allowEmpty = false): string
    {
        $value = $this->text($key, 96, $allowEmpty);
        if ($value !== '' && filter_var($value, FILTER_VALIDATE_EMAIL) === false) {
            throw SynclaneApiError::invalidField($this->field($key), 'not an e-mail address');
        }
        return $value;
    }

    /** A JSON integer or a string of digits, at least $min. */
    public function id(string $key, int $min = 1): int
    {
        $value = $this->value($key);
        if (is_int($value) || (is_string($value) && preg_match('/^[0-9]{1,10}$/', $value))) {
            if ((int)$value >= $min && (int)$value <= 2147483647) {
                return (int)$value;
            }
        }
        throw SynclaneApiError::invalidField($this->field($key), 'must be a whole number of at least ' . $min);
    }

    /** true/false, 1/0 or "1"/"0". */
    public function flag(string $key): bool
    {
        $value = $this->value($key);
        if (in_array($value, array(true, 1, '1'), true)) {
            return true;
        }
        if (in_array($value, array(false, 0, '0'), true)) {
            return false;
        }
        throw SynclaneApiError::invalidField($this->field($key), 'must be true or false');
    }

    /** A money amount as DECIMAL(15,4) takes it, returned as a string with 4 decimals. */
    public function amount(string $key): string
    {
        $value = $this->value($key);
        $text = is_int($value) || is_float($value) ? (string)$value : $value;
        if (!is_string($text) || !preg_match('/^-?[0-9]{1,11}(\.[0-9]{1,4})?$/', $text)) {
            throw SynclaneApiError::invalidField($this->field($key), 'must be a number with at most 11 digits before and 4 after the point');
        }
        return number_format((float)$text, 4, '.', '');
    }

    public function field(string $key): string
    {
        if ($this->path === '') {
            return $key;
        }
        return preg_match('/^[0-9]+$/', $key) ? $this->path . '[' . $key . ']' : $this->path . '.' . $key;
    }

    /** @return mixed */
    private function value(string $key)
    {
        if (!$this->has($key)) {
            throw SynclaneApiError::invalidField($this->field($key), 'required');
        }
        return $this->data[$key];
    }
}
