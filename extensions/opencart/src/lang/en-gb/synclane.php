<?php
// Admin strings of the settings page; build.sh copies this file into both packages.
// Heading
$_['heading_title']    = 'Synclane';

// Text
$_['text_extension']   = 'Extensions';
$_['text_success']     = 'Success: You have modified the Synclane settings!';
$_['text_edit']        = 'Edit Synclane Settings';
$_['text_status']      = 'Status';
$_['text_last_event']  = 'Last event sent';
$_['text_never']       = 'none yet';
$_['text_outbox']      = 'Events waiting in the outbox';
$_['text_cron']        = 'Outbox cron URL';
$_['text_cron_help']   = 'Call it every minute, e.g. crontab: * * * * * curl -fsS "<URL>" >/dev/null';
$_['text_cron_none']   = 'Save a shared secret first.';
$_['text_api']         = 'API URL (give it to Synclane)';
$_['text_test_answer'] = 'Synclane answered';
$_['text_no_answer']   = 'No answer';

// Entry
$_['entry_base_url']   = 'Synclane base URL';
$_['entry_tenant']     = 'Tenant id';
$_['entry_secret']     = 'Shared secret';
$_['entry_status']     = 'Enabled';

// Help
$_['help_base_url']    = 'For example https://api.synclane.example (without /hooks/...).';
$_['help_tenant']      = 'Your tenant id in Synclane: letters, digits, - and _.';
$_['help_secret']      = 'The secret Synclane shows for this shop; it signs every request both ways.';

// Button
$_['button_test']      = 'Test connection';

// Error
$_['error_permission'] = 'Warning: You do not have permission to modify the Synclane settings!';
$_['error_form']       = 'Warning: Please check the form carefully for errors!';
$_['error_base_url']   = 'Enter an http:// or https:// URL!';
$_['error_tenant']     = 'Enter the tenant id (1 to 64 letters, digits, - or _)!';
$_['error_secret']     = 'Enter the shared secret (at least 16 characters)!';
