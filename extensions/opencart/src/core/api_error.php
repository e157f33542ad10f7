<?php
/**
 * A refusal the API answers with `{"error": {"code", "message", ...}}`.
 * Thrown before anything is written, so a refused request changes nothing.
 */
class SynclaneApiError extends Exception
{
    /** @var int */
    private $status;

    /** @var string */
    private $errorCode;

    /** @var array<string, mixed> */
    private $extra;

    /** @param array<string, mixed> $extra more members of the error object, e.g. "field" */
    public function __construct(int $status, string $code, string $message, array $extra = array())
    {
        parent::__construct($message);
        $this->status = $status;
        $this->errorCode = $code;
        $this->extra = $extra;
    }

    public static function invalidField(string $field, string $message): self
    {
        return new self(422, 'invalid_field', $field . ': ' . $message, array('field' => $field));
    }

    public static function notFound(string $what, $id): self
    {
        return new self(404, $what . '_not_found', 'no ' . $what . ' ' . $id);
    }

    public function response(): SynclaneApiResponse
    {
        return new SynclaneApiResponse($this->status, array(
            'error' => array('code' => $this->errorCode, 'message' => $this->getMessage()) + $this->extra,
        ));
    }
}
