<?php
// Synclane, OpenCart 4.0: Extensions > Extensions > Modules > Synclane (settings,
// connection test, status) and the module's install/uninstall.
namespace Opencart\Admin\Controller\Extension\Synclane\Module;

require_once DIR_EXTENSION . 'synclane/system/library/synclane/autoload.php';

class Synclane extends \Opencart\System\Engine\Controller
{
    private const ROUTE = 'extension/synclane/module/synclane';

    public function index(): void
    {
        $this->load->language(self::ROUTE);
        $this->document->setTitle($this->language->get('heading_title'));
        $token = 'user_token=' . $this->session->data['user_token'];
        $admin = $this->kit()->admin();

        $data = [];
        $data['breadcrumbs'] = [
            ['text' => $this->language->get('text_home'), 'href' => $this->url->link('common/dashboard', $token)],
            ['text' => $this->language->get('text_extension'), 'href' => $this->url->link('marketplace/extension', $token . '&type=module')],
            ['text' => $this->language->get('heading_title'), 'href' => $this->url->link(self::ROUTE, $token)],
        ];
        $data['save'] = $this->url->link($this->action('save'), $token);
        $data['test'] = $this->url->link($this->action('test'), $token);
        $data['back'] = $this->url->link('marketplace/extension', $token . '&type=module');

        foreach (\SynclaneAdmin::FIELDS as $field) {
            $key = \SynclaneSettings::PREFIX . $field;
            $data[$key] = (string)$this->config->get($key);
        }
        $status = $admin->status();
        $data['last_event'] = $status['last_event'];
        $data['outbox_size'] = $status['outbox_size'];
        $data['cron_url'] = $admin->cronUrl(HTTP_CATALOG);
        $data['api_url'] = $admin->apiUrl(HTTP_CATALOG);

        $data['header'] = $this->load->controller('common/header');
        $data['column_left'] = $this->load->controller('common/column_left');
        $data['footer'] = $this->load->controller('common/footer');
        $this->response->setOutput($this->load->view(self::ROUTE, $data));
    }

    /** The form's AJAX save (data-oc-toggle="ajax"): errors per field, or success. */
    public function save(): void
    {
        $this->load->language(self::ROUTE);
        $admin = $this->kit()->admin();
        $values = $admin->formValues($this->request->post);
        $json = [];
        if (!$this->user->hasPermission('modify', self::ROUTE)) {
            $json['error']['warning'] = $this->language->get('error_permission');
        }
        foreach ($admin->errors($values) as $field => $languageKey) {
            $json['error'][$field] = $this->language->get($languageKey);
        }
        if (!$json) {
            $this->load->model('setting/setting');
            $this->model_setting_setting->editSetting('module_synclane', $values);
            $json['success'] = $this->language->get('text_success');
        }
        $this->response->addHeader('Content-Type: application/json');
        $this->response->setOutput(json_encode($json));
    }

    /** The "Test connection" button: posts the signed ping with the form's values. */
    public function test(): void
    {
        $this->load->language(self::ROUTE);
        $admin = $this->kit()->admin();
        $values = $admin->formValues($this->request->post);
        $errors = $admin->errors($values, true);
        if (!$this->user->hasPermission('modify', self::ROUTE)) {
            $json = ['error' => $this->language->get('error_permission')];
        } elseif ($errors) {
            $json = ['error' => $this->language->get(reset($errors))];
        } else {
            $json = $admin->test($values);
        }
        $this->response->addHeader('Content-Type: application/json');
        $this->response->setOutput(json_encode($json));
    }

    /** Called by Extensions > Modules > Install: the tables and the events. */
    public function install(): void
    {
        if (!$this->user->hasPermission('modify', 'extension/module')) {
            return;
        }
        $this->kit()->installer()->createTables();
        $this->load->model('setting/event');
        \SynclaneEventRegistrar::register($this->model_setting_event, $this->flavour());
    }

    /** Called by Extensions > Modules > Uninstall; OpenCart itself deletes the module_synclane settings. */
    public function uninstall(): void
    {
        if (!$this->user->hasPermission('modify', 'extension/module')) {
            return;
        }
        $this->load->model('setting/event');
        \SynclaneEventRegistrar::unregister($this->model_setting_event, $this->flavour());
        $this->kit()->installer()->dropTables();
    }

    /** A method's route: "|" before 4.0.2.0, "." from it. */
    private function action(string $method): string
    {
        return \SynclaneEventRegistrar::action($this->flavour(), self::ROUTE, $method);
    }

    private function flavour(): \SynclaneFlavour
    {
        return \SynclaneFlavour::oc4(VERSION);
    }

    private function kit(): \SynclaneKit
    {
        return \SynclaneKit::fromRegistry($this->registry, $this->flavour());
    }
}
