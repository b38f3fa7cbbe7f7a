//! `/admin/staff`: the members with their roles, invitations, role changes and disabling (with a confirmation
//! box), and the roles with their permissions.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    admin::{
        admin_error,
        api::{AdminChangeRole, AdminDisableStaff, AdminInviteStaff, RoleRow, StaffRow, get_staff},
        keys_api::{AdminSaveRole, AdminSetTwoFactorRoles},
    },
    components::{Field, FormError, form_error, query_param},
};

/// The staff page; needs `staff:manage`.
#[component]
pub fn Staff() -> impl IntoView {
    let invited = query_param("invited");
    let saved = query_param("saved").map(|what| match what.as_str() {
        "role" => "The role is saved.",
        _ => "Saved who signs in with a second factor.",
    });
    let data = Resource::new(|| (), |_| get_staff());
    view! {
        <Title text="Staff" />
        <h1>"Staff"</h1>
        {invited.map(|email| view! { <p class="alert" role="status">{format!("An invitation is on its way to {email}.")}</p> })}
        {saved.map(|s| view! { <p class="alert" role="status">{s}</p> })}
        <FormError message=form_error() />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        let roles = view.roles.clone();
                        view! {
                            <div class="table-scroll">
                                <table>
                                    <thead><tr><th>"Email"</th><th>"Name"</th><th>"Role"</th><th>"Status"</th><th>"Disable"</th></tr></thead>
                                    <tbody>
                                        {view.members.into_iter().map(|m| member_row(m, &roles)).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <h2>"Invite a member"</h2>
                            <form method="post" action=AdminInviteStaff::url() class="stack narrow">
                                <Field label="Email" name="email" kind="email" required=true />
                                <Field label="Name" name="name" required=true />
                                <RoleSelect roles=view.roles.clone() current=String::new() />
                                <button type="submit" class="button primary">"Send invitation"</button>
                            </form>
                            <h2>"Roles"</h2>
                            <table>
                                <thead><tr><th>"Role"</th><th>"Code"</th><th>"Permissions"</th></tr></thead>
                                <tbody>{view.roles.into_iter().map(role_row).collect_view()}</tbody>
                            </table>
                            <h3>"A role of the shop's own"</h3>
                            <form method="post" action=AdminSaveRole::url() class="stack narrow">
                                <Field label="Code (a new one, or one of the shop's own to change it)" name="code" required=true />
                                <Field label="Name" name="name" required=true />
                                <Field label="Permissions, comma-separated (as in the table above)" name="permissions" required=true />
                                <button type="submit" class="button primary">"Save role"</button>
                            </form>
                            <h3>"Two-factor sign-in"</h3>
                            <form method="post" action=AdminSetTwoFactorRoles::url() class="stack narrow">
                                <Field label="Roles that must use it (codes, comma-separated; owners always do)" name="roles" value=view.two_factor_roles.join(", ") required=true />
                                <button type="submit" class="button">"Save"</button>
                            </form>
                        }
                        .into_any()
                    }
                    Err(e) => admin_error(e),
                }
            })}
        </Suspense>
    }
}

fn member_row(m: StaffRow, roles: &[RoleRow]) -> impl IntoView + use<> {
    let status = match (m.disabled, m.has_password) {
        (true, _) => "Disabled",
        (false, false) => "Invited",
        (false, true) => "Active",
    };
    let email = m.email.clone();
    let label = format!("Yes, disable {}", m.email);
    view! {
        <tr>
            <td>{m.email.clone()}</td>
            <td>{m.name}</td>
            <td>
                <form method="post" action=AdminChangeRole::url() class="inline">
                    <input type="hidden" name="email" value=m.email.clone() />
                    <RoleSelect roles=roles.to_vec() current=m.role.clone() />
                    <button type="submit" class="button small">"Change"</button>
                </form>
            </td>
            <td>{status}</td>
            <td>
                {(!m.disabled).then(|| view! {
                    <form method="post" action=AdminDisableStaff::url() class="inline">
                        <input type="hidden" name="email" value=email />
                        <label class="confirm"><input type="checkbox" name="confirm" value="yes" required=true />{label}</label>
                        <button type="submit" class="button small danger">"Disable"</button>
                    </form>
                })}
            </td>
        </tr>
    }
}

fn role_row(r: RoleRow) -> impl IntoView {
    view! {
        <tr>
            <td>{r.name}{(!r.builtin).then_some(" (the shop's own)")}</td>
            <td><code>{r.code}</code></td>
            <td>{r.permissions.join(", ")}</td>
        </tr>
    }
}

#[component]
fn RoleSelect(roles: Vec<RoleRow>, current: String) -> impl IntoView {
    view! {
        <label class="field">
            <span>"Role"</span>
            <select name="role">
                {roles.into_iter().map(|r| {
                    let selected = r.code == current;
                    view! { <option value=r.code selected=selected>{r.name}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
