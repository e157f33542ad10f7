<?php
// Synclane, OpenCart 3.0: Extensions > Extensions > Modules > Synclane (settings,
// connection test, status) and the module's install/uninstall.
require_once DIR_SYSTEM . 'library/synclane/autoload.php';

class ControllerExtensionModuleSynclane extends Controller
{
    public function index()
    {
        $this->load->language('extension/module/synclane');
        $this->document->setTitle($this->language->get('heading_title'));
        $admin = $this->kit()->admin();
        $errors = array();
        $values = null;

        if ($this->request->server['REQUEST_METHOD'] == 'POST') {
            $values = $admin->formValues($this->request->post);
            $errors = $admin->errors($values);
            if (!$this->user->hasPermission('modify', 'extension/module/synclane')) {
                $errors['warning'] = 'error_permission';
            }
            if (!$errors) {
                $this->load->model('setting/setting');
                $this->model_setting_setting->editSetting('module_synclane', $values);
                $this->session->data['success'] = $this->language->get('text_success');
                $this->response->redirect($this->url->link('marketplace/extension', 'user_token=' . $this->session->data['user_token'] . '&type=module', true));
            }
        }

        $token = 'user_token=' . $this->session->data['user_token'];
        $data = array();
        $data['breadcrumbs'] = array(
            array('text' => $this->language->get('text_home'), 'href' => $this->url->link('common/dashboard', $token, true)),
            array('text' => $this->language->get('text_extension'), 'href' => $this->url->link('marketplace/extension', $token . '&type=module', true)),
            array('text' => $this->language->get('heading_title'), 'href' => $this->url->link('extension/module/synclane', $token, true)),
        );
        $data['action'] = $this->url->link('extension/module/synclane', $token, true);
        $data['test'] = $this->url->link('extension/module/synclane/test', $token, true);
        $data['cancel'] = $this->url->link('marketplace/extension', $token . '&type=module', true);

        foreach (SynclaneAdmin::FIELDS as $field) {
            $key = SynclaneSettings::PREFIX . $field;
            $data[$key] = $values !== null ? $values[$key] : (string)$this->config->get($key);
            $data['error_' . $field] = isset($errors[$field]) ? $this->language->get($errors[$field]) : '';
        }
        $data['error_warning'] = $errors ? $this->language->get(isset($errors['warning']) ? 'error_permission' : 'error_form') : '';

        $status = $admin->status();
        $data['last_event'] = $status['last_event'];
        $data['outbox_size'] = $status['outbox_size'];
        $data['cron_url'] = $admin->cronUrl(HTTPS_CATALOG);
        $data['api_url'] = $admin->apiUrl(HTTPS_CATALOG);

        $data['header'] = $this->load->controller('common/header');
        $data['column_left'] = $this->load->controller('common/column_left');
        $data['footer'] = $this->load->controller('common/footer');
        $this->response->setOutput($this->load->view('extension/module/synclane', $data));
    }

    /** The "Test connection" button: posts the signed ping with the form's values. */
    public function test()
    {
        $this->load->language('extension/module/synclane');
        $admin = $this->kit()->admin();
        $values = $admin->formValues($this->request->post);
        $json = array();
        if (!$this->user->hasPermission('modify', 'extension/module/synclane')) {
            $json['error'] = $this->language->get('error_permission');
        } elseif ($errors = $admin->errors($values, true)) {
            $json['error'] = $this->language->get(reset($errors));
        } else {
            $json = $admin->test($values);
        }
        $this->response->addHeader('Content-Type: application/json');
        $this->response->setOutput(json_encode($json));
    }

    /** Called by Extensions > Modules > Install: the tables and the events. */
    public function install()
    {
        if (!$this->user->hasPermission('modify', 'extension/extension/module')) {
            return;
        }
        $this->kit()->installer()->createTables();
        $this->load->model('setting/event');
        SynclaneEventRegistrar::register($this->model_setting_event, SynclaneFlavour::oc3(VERSION));
    }

    /** Called by Extensions > Modules > Uninstall; OpenCart itself deletes the module_synclane settings. */
    public function uninstall()
    {
        if (!$this->user->hasPermission('modify', 'extension/extension/module')) {
            return;
        }
        $this->load->model('setting/event');
        SynclaneEventRegistrar::unregister($this->model_setting_event, SynclaneFlavour::oc3(VERSION));
        $this->kit()->installer()->dropTables();
    }

    private function kit()
    {
        return SynclaneKit::fromRegistry($this->registry, SynclaneFlavour::oc3(VERSION));
    }
}
