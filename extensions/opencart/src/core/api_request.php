<?php
/**
 * One API request as it arrived, before OpenCart's Request class
 * HTML-escapes it: the signature covers the raw query and body.
 */
class SynclaneApiRequest
{
    /** @var string */
    public $method;

    /** @var string the decoded value of the `route` parameter */
    public $route = '';

    /** @var array<string, string> every other query parameter, decoded */
    public $query = array();

    /** @var string[] parameter names given more than once */
    public $repeated = array();

    /** @var string */
    public $timestamp;

    /** @var string */
    public $signature;

    /** @var string */
    public $body;

    /**
     * @param string $queryString the raw query string, form-encoded
     *                            ("+" is a space)
     */
    public function __construct(string $method, string $queryString, string $timestamp, string $signature, string $body)
    {
        $this->method = strtoupper($method);
        $this->timestamp = trim($timestamp);
        $this->signature = $signature;
        $this->body = $body;
        foreach (explode('&', $queryString) as $pair) {
            if ($pair === '') {
                continue;
            }
            $parts = explode('=', $pair, 2);
            $name = urldecode($parts[0]);
            $value = isset($parts[1]) ? urldecode($parts[1]) : '';
            if ($name === 'route') {
                $this->route = $value;
                continue;
            }
            if (array_key_exists($name, $this->query)) {
                $this->repeated[] = $name;
            }
            $this->query[$name] = $value;
        }
    }

    /** The request PHP is serving now. */
    public static function fromGlobals(): self
    {
        return new self(
            isset($_SERVER['REQUEST_METHOD']) ? $_SERVER['REQUEST_METHOD'] : 'GET',
            isset($_SERVER['QUERY_STRING']) ? $_SERVER['QUERY_STRING'] : '',
            isset($_SERVER['HTTP_X_SYNCLANE_TIMESTAMP']) ? $_SERVER['HTTP_X_SYNCLANE_TIMESTAMP'] : '',
            isset($_SERVER['HTTP_X_SYNCLANE_SIGNATURE']) ? $_SERVER['HTTP_X_SYNCLANE_SIGNATURE'] : '',
            (string)file_get_contents('php://input')
        );
    }
}
