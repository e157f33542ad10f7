<?php
/**
 * An API answer: an HTTP status and a JSON object.
 */
class SynclaneApiResponse
{
    const REASONS = array(
        200 => 'OK', 201 => 'Created', 400 => 'Bad Request', 401 => 'Unauthorized', 403 => 'Forbidden',
        404 => 'Not Found', 405 => 'Method Not Allowed', 409 => 'Conflict', 422 => 'Unprocessable Entity',
        500 => 'Internal Server Error',
    );

    /** @var int */
    public $status;

    /** @var array<string, mixed> */
    public $data;

    /** @param array<string, mixed> $data */
    public function __construct(int $status, array $data)
    {
        $this->status = $status;
        $this->data = $data;
    }

    /** The status line OpenCart's Response::addHeader() passes to header(). */
    public function statusLine(): string
    {
        return 'HTTP/1.1 ' . $this->status . ' ' . self::REASONS[$this->status];
    }

    public function json(): string
    {
        return (string)json_encode($this->data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
    }
}
