<?php
use PHPUnit\Framework\TestCase;

/** The settings page of both versions: form, save, test button, status line. */
final class AdminPageTest extends TestCase
{
    public function versions(): array
    {
        return ['3.0' => [3], '4.0' => [4]];
    }

    /** @dataProvider versions */
    public function test_the_page_shows_settings_status_and_the_cron_and_api_urls(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, $synclane->url);
        $route = 'checkout/order/addOrder';
        $args = [[]];
        $output = 1;
        $shop->controller('event/order')->add($route, $args, $output);

        $shop->controller('admin/module')->index();

        $view = $shop->registry->get('response')->json();
        $this->assertSame($major === 3 ? 'extension/module/synclane' : 'extension/synclane/module/synclane', $view['template']);
        $data = $view['data'];
        $this->assertSame([$synclane->url, 't1', TestShop::SECRET, '1'], [$data['module_synclane_base_url'], $data['module_synclane_tenant'], $data['module_synclane_secret'], $data['module_synclane_status']]);
        $this->assertSame(['checkout/order/addOrder', 202, ''], [$data['last_event']['route'], $data['last_event']['status'], $data['last_event']['error']]);
        $this->assertSame(0, $data['outbox_size']);
        $key = substr(hash_hmac('sha256', 'cron', TestShop::SECRET), 0, 16);
        $this->assertSame('http://shop.test/index.php?route=extension/synclane/cron&key=' . $key, $data['cron_url']);
        $this->assertSame('http://shop.test/index.php?route=extension/synclane/api', $data['api_url']);
        $this->assertStringContainsString($major === 3 ? 'route=extension/module/synclane/test&' : 'route=extension/synclane/module/synclane.test&', $data['test']);
        $this->assertCount(3, $data['breadcrumbs']);
    }

    public function test_3_0_saves_the_posted_settings_unescaped(): void
    {
        $shop = TestShop::create(3, FakeSynclane::refusedUrl());
        $shop->registry->set('request', new FakeRequest([], $this->form('https://sync.example.com/', 'acme-1', 'p&ss<word>"0123456789'), 'POST'));

        $shop->controller('admin/module')->index();

        $this->assertSame([
            'module_synclane_base_url' => 'https://sync.example.com/',
            'module_synclane_tenant' => 'acme-1',
            'module_synclane_secret' => 'p&ss<word>"0123456789',
            'module_synclane_status' => '1',
        ], $shop->registry->get('model_setting_setting')->saved['module_synclane']);
        $this->assertStringContainsString('marketplace/extension', $shop->registry->get('response')->redirect);
    }

    public function test_3_0_shows_field_errors_and_saves_nothing(): void
    {
        $shop = TestShop::create(3, FakeSynclane::refusedUrl());
        $shop->registry->set('request', new FakeRequest([], $this->form('ftp://x', 'bad tenant', 'short'), 'POST'));

        $shop->controller('admin/module')->index();

        $data = $shop->registry->get('response')->json()['data'];
        $this->assertSame(['Enter an http:// or https:// URL!', 'Enter the tenant id (1 to 64 letters, digits, - or _)!', 'Enter the shared secret (at least 16 characters)!'], [$data['error_base_url'], $data['error_tenant'], $data['error_secret']]);
        $this->assertSame('bad tenant', $data['module_synclane_tenant'], 'the form keeps what was typed');
        $this->assertFalse($shop->registry->has('model_setting_setting'));
    }

    public function test_4_0_save_answers_json_errors_per_field_then_success(): void
    {
        $shop = TestShop::create(4, FakeSynclane::refusedUrl());
        $module = $shop->controller('admin/module');

        $shop->registry->set('request', new FakeRequest([], $this->form('', '', ''), 'POST'));
        $module->save();
        $this->assertSame(['base_url', 'tenant', 'secret'], array_keys($shop->registry->get('response')->json()['error']));

        $shop->registry->set('request', new FakeRequest([], $this->form('https://sync.example.com', 'acme', 'a-secret-of-16-chars'), 'POST'));
        $module->save();
        $this->assertSame(['success' => 'Success: You have modified the Synclane settings!'], $shop->registry->get('response')->json());
        $this->assertSame('acme', $shop->registry->get('model_setting_setting')->saved['module_synclane']['module_synclane_tenant']);

        $shop->registry->get('user')->allowed = false;
        $module->save();
        $this->assertArrayHasKey('warning', $shop->registry->get('response')->json()['error']);
    }

    /** @dataProvider versions */
    public function test_the_test_button_posts_a_signed_ping_and_shows_the_answer(int $major): void
    {
        $synclane = FakeSynclane::get();
        $shop = TestShop::create($major, FakeSynclane::refusedUrl());
        $shop->registry->set('request', new FakeRequest([], $this->form($synclane->url, 't1', 'the-form-secret-123', '0'), 'POST'));

        $shop->controller('admin/module')->test();

        $this->assertSame(['status' => 200, 'body' => '{"status":"ok","tenant":"t1"}', 'error' => ''], $shop->registry->get('response')->json());
        [$ping] = $synclane->requests();
        $this->assertSame(['{"route":"synclane/ping"}', 'sha256=' . hash_hmac('sha256', '{"route":"synclane/ping"}', 'the-form-secret-123')], [$ping['body'], $ping['signature']]);
    }

    public function test_the_test_button_reports_no_answer_and_form_errors(): void
    {
        $shop = TestShop::create(4, FakeSynclane::refusedUrl());
        $module = $shop->controller('admin/module');

        $shop->registry->set('request', new FakeRequest([], $this->form(FakeSynclane::refusedUrl(), 't1', 'the-form-secret-123'), 'POST'));
        $module->test();
        $answer = $shop->registry->get('response')->json();
        $this->assertSame(0, $answer['status']);
        $this->assertStringContainsString('Failed to connect', $answer['error']);

        $shop->registry->set('request', new FakeRequest([], $this->form('https://sync.example.com', '', 'the-form-secret-123'), 'POST'));
        $module->test();
        $this->assertSame(['error' => 'Enter the tenant id (1 to 64 letters, digits, - or _)!'], $shop->registry->get('response')->json());
    }

    private function form(string $url, string $tenant, string $secret, string $status = '1'): array
    {
        return ['module_synclane_base_url' => $url, 'module_synclane_tenant' => $tenant, 'module_synclane_secret' => $secret, 'module_synclane_status' => $status];
    }
}
