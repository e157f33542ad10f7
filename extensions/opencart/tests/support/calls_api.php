<?php
/** Signed calls to a TestShop's API, as Synclane makes them. */
trait CallsApi
{
    /** @param array|string $body an array is sent as JSON */
    private function call(TestShop $shop, string $method, array $params, $body = ''): SynclaneApiResponse
    {
        $raw = is_array($body) ? json_encode($body) : $body;
        return $shop->api()->handle(signed_request($method, $params, $raw), time());
    }

    /** Asserts a 422 invalid_field for $field that left the database as it was. */
    private function assertInvalidField(TestShop $shop, string $field, string $method, array $params, array $body): void
    {
        $before = $shop->db->snapshot();
        $response = $this->call($shop, $method, $params, $body);
        $this->assertSame(422, $response->status, json_encode($response->data));
        $this->assertSame('invalid_field', $response->data['error']['code']);
        $this->assertSame($field, $response->data['error']['field']);
        $this->assertSame($before, $shop->db->snapshot());
    }
}
