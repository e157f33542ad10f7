<?php
/**
 * The authenticated JSON API Synclane calls (contract: API.md). One catalog
 * route, `extension/synclane/api`, the same in 3.0 and 4.0; the `op` query
 * parameter picks the operation.
 *
 * Checks run in this order, and the first failure answers: the extension is
 * active, no query parameter is repeated, the timestamp is fresh, the
 * signature matches, the op exists, the method fits the op, the body is a
 * JSON object; then the op's own checks. Nothing is written before all of
 * them have passed.
 */
class SynclaneApi
{
    /** How far X-Synclane-Timestamp may be from the shop's clock. */
    const WINDOW_SECONDS = 300;

    /** @var SynclaneSettings */
    private $settings;

    /** @var object OpenCart's Log */
    private $log;

    /** @var array<string, array{0: string, 1: callable}> op => [method, handler] */
    private $ops;

    /** @param array<string, array{0: string, 1: callable}> $ops */
    public function __construct(SynclaneSettings $settings, $log, array $ops)
    {
        $this->settings = $settings;
        $this->log = $log;
        $this->ops = $ops;
    }

    public function handle(SynclaneApiRequest $request, int $now): SynclaneApiResponse
    {
        try {
            if (!$this->settings->isActive()) {
                throw new SynclaneApiError(403, 'disabled', 'the Synclane extension is disabled or not configured');
            }
            if ($request->repeated) {
                throw SynclaneApiError::invalidField($request->repeated[0], 'query parameter given more than once');
            }
            $this->authenticate($request, $now);
            $op = isset($request->query['op']) ? $request->query['op'] : '';
            if (!isset($this->ops[$op])) {
                throw new SynclaneApiError(400, 'unknown_op', 'unknown op "' . $op . '"');
            }
            list($method, $handler) = $this->ops[$op];
            if ($request->method !== $method) {
                throw new SynclaneApiError(405, 'method_not_allowed', $op . ' takes ' . $method);
            }
            $query = new SynclaneInput($request->query);
            return $method === 'GET' ? $handler($query) : $handler($query, self::body($request->body));
        } catch (SynclaneApiError $e) {
            return $e->response();
        } catch (Throwable $e) {
            $this->log->write('Synclane API: ' . get_class($e) . ': ' . $e->getMessage());
            return new SynclaneApiResponse(500, array('error' => array('code' => 'internal_error', 'message' => 'the shop failed; see its error log')));
        }
    }

    private function authenticate(SynclaneApiRequest $request, int $now): void
    {
        if (!preg_match('/^[0-9]{1,12}$/', $request->timestamp) || abs($now - (int)$request->timestamp) > self::WINDOW_SECONDS) {
            throw new SynclaneApiError(401, 'stale_timestamp', 'X-Synclane-Timestamp must be unix seconds within ' . self::WINDOW_SECONDS . ' s of the shop clock (' . $now . ')');
        }
        $expected = SynclaneSigner::requestSignature($this->settings->secret(), $request->method, $request->route, $request->query, $request->timestamp, $request->body);
        if (!SynclaneSigner::matches($expected, $request->signature)) {
            throw new SynclaneApiError(401, 'bad_signature', 'X-Synclane-Signature is missing or does not match the request');
        }
    }

    /** The body of a POST: a JSON object; an empty body counts as {}. */
    private static function body(string $raw): SynclaneInput
    {
        if (trim($raw) === '') {
            return new SynclaneInput(array());
        }
        $data = json_decode($raw, true);
        if (!is_array($data) || ltrim($raw)[0] !== '{') {
            throw new SynclaneApiError(400, 'malformed_json', 'the body must be a JSON object');
        }
        return new SynclaneInput($data);
    }
}
