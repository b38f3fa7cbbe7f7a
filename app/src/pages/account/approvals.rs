//! `/account/approvals`: the orders waiting for the company's approval, with approve and decline (and a comment)
//! for its admins; the reader's budget; and, for admins, each person's order limit and budget and the company's
//! rule. Plain forms only, so all of it works without JavaScript.

use domain::{
    CompanyUser,
    approval::{BudgetPeriod, BudgetStatus, CompanyRules, PendingApproval},
};
use leptos::{prelude::*, server_fn::ServerFn};

use super::{AccountNav, account_error, date};
use crate::{
    api::{ApprovalsPage, DecideApproval, SetLimits, SetRules, get_approvals},
    components::{FormError, form_error, query_param},
    pages::loading,
    seo::Seo,
};

/// The page.
#[component]
pub fn ApprovalsView() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_approvals());
    let saved = query_param("saved").is_some();
    view! {
        <Seo title="Approvals and budgets".into() description="Approvals and budgets.".into() path="/account/approvals".into() noindex=true />
        <h1>"Approvals and budgets"</h1>
        <AccountNav current="/account/approvals" />
        {saved.then(|| view! { <p class="alert" role="status">"Saved."</p> })}
        <FormError message=form_error() />
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Approvals page /> }.into_any(),
                    Err(e) => account_error(e, "/account/approvals"),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Approvals(page: ApprovalsPage) -> impl IntoView {
    let ApprovalsPage {
        is_admin,
        me,
        waiting,
        budget,
        rules,
        people,
        currency,
        cost_centres,
    } = page;
    view! {
        {budget.map(|b| view! { <BudgetPanel budget=b /> })}
        <Waiting waiting is_admin me />
        <super::cost_centres::CostCentres centres=cost_centres is_admin currency=currency.clone() />
        {rules.map(|r| view! { <RulesForm rules=r currency=currency.clone() /> })}
        {is_admin.then(|| view! { <LimitsTable people currency /> })}
    }
}

/// The reader's limits and what is left of their budget.
#[component]
pub(crate) fn BudgetPanel(budget: BudgetStatus) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="budget-heading">
            <h2 id="budget-heading">"Your budget"</h2>
            <dl class="facts" data-testid="budget">
                {budget.order_limit.map(|l| view! { <dt>"Order limit"</dt><dd>{l.display()}</dd> })}
                {budget.budget.map(|b| view! {
                    <dt>{format!("Budget {}", budget.limits.period.label())}</dt><dd>{b.display()}</dd>
                })}
                <dt>"Spent this period"</dt><dd>{budget.spent.display()}</dd>
                {budget.left.map(|l| view! { <dt>"Left"</dt><dd>{l.display()}</dd> })}
            </dl>
            <p class="hint">"Net amounts. A larger order is not refused: it waits for one of your company's administrators to approve it."</p>
        </section>
    }
}

/// The orders that wait, with the decision forms for an admin (not on their own orders).
#[component]
pub(crate) fn Waiting(waiting: Vec<PendingApproval>, is_admin: bool, me: String) -> impl IntoView {
    let heading = if is_admin {
        "Orders waiting for your approval"
    } else {
        "Your orders waiting for approval"
    };
    view! {
        <section class="panel" aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">{heading}</h2>
            {if waiting.is_empty() {
                view! { <p>"Nothing is waiting."</p> }.into_any()
            } else {
                view! {
                    <ul class="approvals">
                        {waiting.into_iter().map(|w| {
                            let why: Vec<&str> = w.reasons.iter().map(|r| r.label()).collect();
                            let number = w.number.clone();
                            let decides = is_admin && w.placed_by != me;
                            view! {
                                <li class="approval" data-testid="approval">
                                    <p>
                                        <a href=format!("/account/orders/{}", w.number)>{format!("Order {}", w.number)}</a>
                                        {format!(" by {} on {}, net {}: {}. Declined on its own on {} if nobody decides.",
                                            w.placed_by, date(w.placed_at_ms), w.net.display(), why.join(" and "), date(w.expires_at_ms))}
                                    </p>
                                    {decides.then(|| view! {
                                        <form method="post" action=DecideApproval::url() class="stack narrow">
                                            <input type="hidden" name="number" value=number />
                                            <label class="field">
                                                <span>"Comment for the buyer (optional)"</span>
                                                <input type="text" name="comment" maxlength="1000" />
                                            </label>
                                            <div class="order-actions">
                                                <button type="submit" name="decision" value="approve" class="button primary">"Approve"</button>
                                                <button type="submit" name="decision" value="decline" class="button">"Decline"</button>
                                            </div>
                                        </form>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn amount(micros: Option<i64>) -> String {
    micros.map_or_else(String::new, |m| {
        rust_decimal::Decimal::new(m, 6).normalize().to_string()
    })
}

#[component]
fn RulesForm(rules: CompanyRules, currency: String) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="rules-heading">
            <h2 id="rules-heading">"Company rules"</h2>
            <form method="post" action=SetRules::url() class="stack narrow">
                <label class="field">
                    <span>{format!("Every order above this net amount needs approval ({currency}; empty for none)")}</span>
                    <input type="text" name="approval_above" inputmode="decimal" value=amount(rules.approval_above) />
                </label>
                <label class="field">
                    <span>{format!("The whole company's budget: orders beyond it need approval ({currency}; empty for none)")}</span>
                    <input type="text" name="company_budget" inputmode="decimal" value=amount(rules.budget) />
                </label>
                <label class="field">
                    <span>"The company's budget runs per"</span>
                    <select name="company_period">
                        <option value="month" selected=rules.period == BudgetPeriod::Month>"Month"</option>
                        <option value="quarter" selected=rules.period == BudgetPeriod::Quarter>"Quarter"</option>
                    </select>
                </label>
                <label class="field">
                    <span>"Days an order waits for a decision before it is declined"</span>
                    <input type="number" name="approval_days" min="1" max="90" required=true value=rules.approval_days.to_string() />
                </label>
                <button type="submit" class="button">"Save the rules"</button>
            </form>
        </section>
    }
}

#[component]
fn LimitsTable(people: Vec<CompanyUser>, currency: String) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="limits-heading">
            <h2 id="limits-heading">"Limits and budgets"</h2>
            <p class="hint">{format!("Net amounts in {currency}; empty for no limit. Orders beyond them wait for an administrator.")}</p>
            <ul class="limits">
                {people.into_iter().filter(|p| p.role.can_order()).map(|p| {
                    let l = p.limits.clone();
                    view! {
                        <li>
                            <form method="post" action=SetLimits::url() class="limit-form">
                                <input type="hidden" name="customer" value=p.customer_id.to_string() />
                                <p class="limit-who">{format!("{} ({})", p.name, p.email.as_str())}</p>
                                <label class="field">
                                    <span>"Order limit"</span>
                                    <input type="text" name="order_limit" inputmode="decimal" value=amount(l.order_limit)
                                        aria-label=format!("Order limit of {}", p.email.as_str()) />
                                </label>
                                <label class="field">
                                    <span>"Budget"</span>
                                    <input type="text" name="budget" inputmode="decimal" value=amount(l.budget)
                                        aria-label=format!("Budget of {}", p.email.as_str()) />
                                </label>
                                <label class="field">
                                    <span>"Per"</span>
                                    <select name="period" aria-label=format!("Budget period of {}", p.email.as_str())>
                                        <option value="month" selected=l.period == BudgetPeriod::Month>"Month"</option>
                                        <option value="quarter" selected=l.period == BudgetPeriod::Quarter>"Quarter"</option>
                                    </select>
                                </label>
                                <button type="submit" class="button small">"Save"</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
