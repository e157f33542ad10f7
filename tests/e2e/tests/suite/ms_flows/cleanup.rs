//! MS-B6 force-delete with documents, MS-B7 integration problems as CRM tasks.

use super::*;

/// MS-B6: a CRM order deleted, with the option on, deletes its MoySklad
/// order and every linked document; with it off, nothing is deleted.
async fn force_delete(backend: Backend) {
    for on in [true, false] {
        let app = MsApp::spawn(backend, |s| {
            s.shipment_statuses = vec!["send".into()];
            s.shipment_cancel_statuses = vec!["returned".into()];
            s.payment_documents = [("cash".to_owned(), "cashin".to_owned())].into();
            s.force_delete = on;
        })
        .await;
        let order = app.stocked_order("350A", "new").await;
        app.sync().await;
        app.crm.user_add_payment(order, "cash", "paid", 10.0);
        app.set_status(order, "send").await;
        app.set_status(order, "returned").await;
        for kind in ["customerorder", "demand", "salesreturn", "cashin"] {
            assert_eq!(app.docs(kind).len(), 1, "{kind}");
        }
        app.crm.user_delete_order(order);
        app.sync().await;
        for kind in ["customerorder", "demand", "salesreturn", "cashin"] {
            let left = app.docs(kind).len();
            assert_eq!(left, usize::from(!on), "MS-B6 {on}: {kind}");
        }
    }
}

/// MS-B7: MoySklad refusing the credentials makes one task for the chosen
/// user, not one per event; the orders are not lost (they fail visibly).
async fn problems_become_one_task(backend: Backend) {
    let app = MsApp::spawn(backend, |s| s.problem_user = Some(5)).await;
    app.crm
        .seed_user(5, "Olga", "Admin", "admin@shop.ru", "+79035550001");
    let mut settings = app.settings().await;
    settings.moysklad.as_mut().unwrap().token = synclane::secret::Secret::new("expired");
    app.store().tenants.put_tenant(&settings).await.unwrap();
    for n in ["360A", "361A", "362A"] {
        app.stocked_order(n, "new").await;
    }
    app.sync().await;
    let tasks = app.crm.tasks();
    assert_eq!(tasks.len(), 1, "one open task per problem: {tasks:#?}");
    let task = &tasks[0];
    assert_eq!(task["performerId"], 5, "{task:#?}");
    assert!(
        task["text"]
            .as_str()
            .is_some_and(|t| t.contains("moysklad-auth")),
        "{task:#?}"
    );
    assert!(app.ms_orders().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b6_force_delete_takes_the_order_and_its_documents_sqlite() {
    force_delete(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b6_force_delete_takes_the_order_and_its_documents_aws() {
    force_delete(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b7_auth_failure_makes_one_task_for_the_chosen_user_sqlite() {
    problems_become_one_task(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b7_auth_failure_makes_one_task_for_the_chosen_user_aws() {
    problems_become_one_task(Backend::Aws).await
}
