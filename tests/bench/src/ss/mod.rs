//! `synclane-bench ss`: Webasyst API calls per order action of the
//! Shop-Script ⇄ CRM flow (RULES.md block SS), counted in the two
//! emulators' request logs (`requests()`): the Shop-Script install and the
//! CRM install.
//!
//! The local runtime runs in this process on its embedded database; the
//! shop's "HTTP request" rule posts every order action to the real hook
//! (`X-Synclane-Secret`, `order_id`, `action_id`, `log_id`), and one worker
//! drains the queue after each step until it is empty, echoes included
//! (an action Synclane runs notifies the hook again). The two polls run
//! when a row says so, as their schedules would. The funnel is the tests':
//! New → Processing → Paid → Sent → Done, the last four mapped to
//! process, pay, ship and complete; the storefront is in automatic mode.
//!
//! Files: `harness` (the runtime, the emulators and the steps' helpers),
//! `report` (the table).

mod harness;
mod report;

use harness::Bench;
use serde_json::json;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchSsArgs {
    /// Also list each row's calls (method and status).
    #[arg(long)]
    explain: bool,
}

pub async fn run(args: BenchSsArgs) -> anyhow::Result<()> {
    let bench = Bench::start().await?;
    // The polls' first runs only start their cursors (and SS-2's watch).
    bench.poll_orders().await?;
    bench.poll_deals().await?;
    let stage = |n: usize| bench.stages[n];
    let mut rows = Vec::new();

    // Order A: the shop's actions, each through its notification.
    let mark = bench.mark();
    let a = bench.place("anna@bench.example").await;
    rows.push(
        bench
            .row(
                "new order, new customer (SS-2: contact and deal created)",
                mark,
            )
            .await?,
    );
    for (action, name) in [
        ("process", "process (deal moved to Processing)"),
        ("pay", "pay (deal moved to Paid)"),
        ("ship", "ship (deal moved to Sent)"),
        ("complete", "complete (deal moved to Done)"),
    ] {
        let mark = bench.mark();
        bench.act(a, action).await?;
        rows.push(bench.row(name, mark).await?);
    }
    let mark = bench.mark();
    bench.act(a, "comment").await?;
    rows.push(
        bench
            .row("comment (nothing the deal shows changed)", mark)
            .await?,
    );
    bench.redeliver(a, "complete").await?;
    let mark = bench.mark();
    rows.push(
        bench
            .row("the complete notification delivered again", mark)
            .await?,
    );
    // The deal poll reads what A's moves did, once, before the CRM rows.
    bench.poll_deals().await?;
    bench.drain().await?;

    // Order B: the CRM's side, through the deal poll.
    let mark = bench.mark();
    let b = bench.place("anna@bench.example").await;
    rows.push(
        bench
            .row("new order, returning customer (contact linked)", mark)
            .await?,
    );
    let deal_b = bench.deal_of(b).await?;
    anyhow::ensure!(bench.crm.drag(deal_b, stage(2)));
    let mark = bench.mark();
    bench.poll_deals().await?;
    rows.push(
        bench
            .row("deal dragged to Paid: deal poll, pay run, its echo", mark)
            .await?,
    );
    anyhow::ensure!(bench.shop.state_of(b) == "paid", "pay did not run");
    anyhow::ensure!(bench.crm.drag(deal_b, stage(1)));
    let mark = bench.mark();
    bench.poll_deals().await?;
    rows.push(
        bench
            .row("deal dragged back to Processing (SS-6: journalled)", mark)
            .await?,
    );
    anyhow::ensure!(bench.shop.state_of(b) == "paid", "the order moved back");
    anyhow::ensure!(bench.crm.close(deal_b, true));
    let mark = bench.mark();
    bench.poll_deals().await?;
    rows.push(
        bench
            .row("deal closed won: deal poll, complete run, its echo", mark)
            .await?,
    );
    anyhow::ensure!(
        bench.shop.state_of(b) == "completed",
        "complete did not run"
    );

    // Order C, new: a lost deal deletes it. Order D, paid: it cannot.
    let c = bench.place("boris@bench.example").await;
    let d = bench.place("vera@bench.example").await;
    bench.drain().await?;
    bench.act(d, "pay").await?;
    bench.drain().await?;
    bench.poll_deals().await?;
    bench.drain().await?;
    anyhow::ensure!(bench.crm.close(bench.deal_of(c).await?, false));
    let mark = bench.mark();
    bench.poll_deals().await?;
    rows.push(
        bench
            .row("deal closed lost, order new: deleted, its echo", mark)
            .await?,
    );
    anyhow::ensure!(bench.shop.state_of(c) == "deleted", "delete did not run");
    anyhow::ensure!(bench.crm.close(bench.deal_of(d).await?, false));
    let mark = bench.mark();
    bench.poll_deals().await?;
    rows.push(
        bench
            .row("deal closed lost, order paid (SS-5: journalled)", mark)
            .await?,
    );
    anyhow::ensure!(bench.shop.state_of(d) == "paid", "a paid order changed");

    // Order E: a notification lost; the order poll brings the action.
    let e = bench.place("gleb@bench.example").await;
    bench.drain().await?;
    bench.shop.lose_notifications(1);
    bench.act(e, "process").await?;
    let mark = bench.mark();
    bench.poll_orders().await?;
    rows.push(
        bench
            .row("process, notification lost: order poll catches up", mark)
            .await?,
    );
    let deal_e = bench.crm.deal(bench.deal_of(e).await?).unwrap_or_default();
    anyhow::ensure!(
        deal_e["stage_id"] == stage(1),
        "the poll did not move the deal"
    );

    // SS-1 by hand: orders of a storefront not in automatic mode.
    let dina = bench
        .crm
        .add_contact("Dina", Some("dina@bench.example"), None);
    let open = bench.crm.add_deal("Wholesale enquiry", dina, stage(0));
    let mark = bench.mark();
    let f = bench.place_on("other.example/", "dina@bench.example").await;
    rows.push(
        bench
            .row("new order, storefront not in automatic mode", mark)
            .await?,
    );
    let mark = bench.mark();
    let (status, shown) = bench.link(reqwest::Method::GET, f, None).await?;
    anyhow::ensure!(
        status == 200 && shown["open_deals"][0]["id"] == open,
        "SS-1 candidates: {status} {shown}"
    );
    rows.push(bench.row("SS-1 GET: the client's open deals", mark).await?);
    let mark = bench.mark();
    let (status, linked) = bench
        .link(reqwest::Method::POST, f, Some(json!({ "deal_id": open })))
        .await?;
    anyhow::ensure!(status == 200, "SS-1 link: {status} {linked}");
    rows.push(
        bench
            .row("SS-1 POST deal_id: linked to that deal", mark)
            .await?,
    );
    let g = bench.place_on("other.example/", "egor@bench.example").await;
    bench.drain().await?;
    let mark = bench.mark();
    let (status, linked) = bench
        .link(
            reqwest::Method::POST,
            g,
            Some(json!({ "stage_id": stage(0) })),
        )
        .await?;
    anyhow::ensure!(
        status == 200 && linked["created"] == true,
        "SS-1 new deal: {status} {linked}"
    );
    rows.push(
        bench
            .row("SS-1 POST stage_id: a new deal, new contact", mark)
            .await?,
    );
    let (status, again) = bench
        .link(
            reqwest::Method::POST,
            g,
            Some(json!({ "stage_id": stage(0) })),
        )
        .await?;
    anyhow::ensure!(status == 409, "SS-1 twice: {status} {again}");

    // Both polls once more with nothing changed (after a run that read
    // every change above).
    bench.poll_deals().await?;
    bench.poll_orders().await?;
    bench.drain().await?;
    let mark = bench.mark();
    bench.poll_orders().await?;
    rows.push(bench.row("order poll, nothing changed", mark).await?);
    let mark = bench.mark();
    bench.poll_deals().await?;
    rows.push(bench.row("deal poll, nothing changed", mark).await?);

    let journal = bench.journal().await?;
    report::print(&rows, &journal, args.explain);
    bench.local.stop().await;
    Ok(())
}
