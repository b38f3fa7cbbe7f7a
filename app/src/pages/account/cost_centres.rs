//! The company's cost centres on the approvals page: what each spent of its budget this period, and for the
//! company's admins a form to add or change one and a button to remove one. Plain forms only.

use domain::{approval::BudgetPeriod, cost_centre::CostCentreStatus};
use leptos::{prelude::*, server_fn::ServerFn};

use crate::api::{RemoveCostCentre, SetCostCentre};

/// The cost centres, with the admin's forms.
#[component]
pub(crate) fn CostCentres(
    centres: Vec<CostCentreStatus>,
    is_admin: bool,
    currency: String,
) -> impl IntoView {
    if centres.is_empty() && !is_admin {
        return ().into_any();
    }
    view! {
        <section class="panel" aria-labelledby="centres-heading">
            <h2 id="centres-heading">"Cost centres"</h2>
            <p class="hint">"A buyer charges an order to a cost centre at checkout. An order that takes a centre past its budget waits for approval."</p>
            {(!centres.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table class="orders" data-testid="cost-centres">
                        <thead><tr><th>"Code"</th><th>"Name"</th><th class="num">"Budget"</th><th class="num">"Spent this period"</th><th class="num">"Left"</th>{is_admin.then(|| view! { <th><span class="visually-hidden">"Remove"</span></th> })}</tr></thead>
                        <tbody>
                            {centres.into_iter().map(|s| {
                                let code = s.centre.code.clone();
                                view! {
                                    <tr>
                                        <td>{s.centre.code.clone()}</td>
                                        <td>{s.centre.name.clone()}</td>
                                        <td class="num">{s.budget.map(|b| format!("{} {}", b.display(), s.centre.period.label())).unwrap_or_else(|| "none".into())}</td>
                                        <td class="num">{s.spent.display()}</td>
                                        <td class="num">{s.left.map(|l| l.display()).unwrap_or_default()}</td>
                                        {is_admin.then(|| view! {
                                            <td>
                                                <form method="post" action=RemoveCostCentre::url()>
                                                    <input type="hidden" name="code" value=code.clone() />
                                                    <button type="submit" class="button ghost small" aria-label=format!("Remove cost centre {code}")>"Remove"</button>
                                                </form>
                                            </td>
                                        })}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {is_admin.then(|| view! {
                <h3>"Add or change a cost centre"</h3>
                <form method="post" action=SetCostCentre::url() class="stack narrow">
                    <label class="field">
                        <span>"Code (the same code changes that centre)"</span>
                        <input type="text" name="code" required=true maxlength="30" />
                    </label>
                    <label class="field">
                        <span>"Name"</span>
                        <input type="text" name="name" required=true maxlength="100" />
                    </label>
                    <label class="field">
                        <span>{format!("Budget ({currency}, net; empty for none)")}</span>
                        <input type="text" name="budget" inputmode="decimal" />
                    </label>
                    <label class="field">
                        <span>"The budget runs per"</span>
                        <select name="period">
                            <option value=BudgetPeriod::Month.as_str()>"Month"</option>
                            <option value=BudgetPeriod::Quarter.as_str()>"Quarter"</option>
                        </select>
                    </label>
                    <button type="submit" class="button">"Save the cost centre"</button>
                </form>
            })}
        </section>
    }
    .into_any()
}
