//! The user's own account: password change and the second factor.
use leptos::prelude::*;
use leptos_meta::Title;

use super::layout::use_signed_in_user;
use crate::api::{BeginTotpSetup, ChangePassword, ConfirmTotpSetup, DisableTotp};
use openasp_ui::forms::{ErrorSummary, Field, SuccessNotice, action_error, action_succeeded, tr};

#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let change_error = action_error(change);
    let begin = ServerAction::<BeginTotpSetup>::new();
    let confirm = ServerAction::<ConfirmTotpSetup>::new();
    let disable = ServerAction::<DisableTotp>::new();
    let totp_error = Signal::derive(move || {
        action_error(begin)
            .get()
            .or_else(|| action_error(confirm).get())
            .or_else(|| action_error(disable).get())
    });
    let me = use_signed_in_user();
    let enabled_at_load = Signal::derive(move || {
        me.and_then(|me| me.get())
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.totp_enabled)
    });
    let enabled = Signal::derive(move || {
        if matches!(disable.value().get(), Some(Ok(()))) {
            false
        } else {
            enabled_at_load.get() || matches!(confirm.value().get(), Some(Ok(())))
        }
    });
    view! {
        <Title text=tr("Fiókom", "My account") />
        <h1>{tr("Fiókom", "My account")}</h1>
        <section aria-labelledby="password-heading" class="narrow">
            <h2 id="password-heading">{tr("Jelszócsere", "Change password")}</h2>
            <ErrorSummary error=change_error />
            <SuccessNotice show=action_succeeded(change) message=tr("A jelszót megváltoztattuk. Más eszközökön ki kell lépnie.", "Your password is changed. Other devices are signed out.") />
            <ActionForm action=change attr:class="stack" attr:novalidate=true>
                <Field id="current_password" label=tr("Jelenlegi jelszó", "Current password") input_type="password" autocomplete="current-password" error=change_error />
                <Field
                    id="new_password"
                    label=tr("Új jelszó", "New password")
                    hint=tr("Legalább 12 karakter; hosszú jelmondat a legjobb.", "At least 12 characters; a long passphrase is best.")
                    input_type="password"
                    autocomplete="new-password"
                    error=change_error
                />
                <Field id="new_password_confirmation" label=tr("Új jelszó még egyszer", "New password again") input_type="password" autocomplete="new-password" error=change_error />
                <button type="submit" class="button">{tr("Jelszó módosítása", "Change password")}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="totp-heading" class="narrow">
            <h2 id="totp-heading">{tr("Kétlépcsős belépés", "Two-step sign-in")}</h2>
            <ErrorSummary error=totp_error />
            <Transition>{move || {
                if enabled.get() {
                    view! {
                        <p>{tr("Bekapcsolva: belépéskor a hitelesítő alkalmazás kódját is kérjük.", "On: signing in also asks for the code from your authenticator app.")}</p>
                        <ActionForm action=disable attr:class="stack">
                            <Field id="password" label=tr("Jelszó a kikapcsoláshoz", "Password to turn it off") input_type="password" autocomplete="current-password" error=totp_error />
                            <button type="submit" class="button button--warning">{tr("Kikapcsolás", "Turn off")}</button>
                        </ActionForm>
                    }
                        .into_any()
                } else {
                    match begin.value().get() {
                        Some(Ok(enrolment)) => view! {
                            <p>{tr("Adja hozzá a fiókot a hitelesítő alkalmazásához ezzel a kulccsal, majd írja be a mutatott kódot.", "Add the account to your authenticator app with this key, then enter the code it shows.")}</p>
                            <p class="secret"><code id="totp-secret">{enrolment.secret_base32.clone()}</code></p>
                            <p><a href=enrolment.uri.clone()>{tr("Megnyitás a hitelesítő alkalmazásban", "Open in your authenticator app")}</a></p>
                            <ActionForm action=confirm attr:class="stack">
                                <Field id="code" label=tr("Az alkalmazás kódja", "Code from the app") autocomplete="one-time-code" error=totp_error />
                                <button type="submit" class="button">{tr("Bekapcsolás", "Turn on")}</button>
                            </ActionForm>
                        }
                            .into_any(),
                        _ => view! {
                            <p>{tr("Kikapcsolva. Javasoljuk a bekapcsolását.", "Off. We recommend turning it on.")}</p>
                            <ActionForm action=begin>
                                <button type="submit" class="button">{tr("Beállítás", "Set up")}</button>
                            </ActionForm>
                        }
                            .into_any(),
                    }
                }
            }}</Transition>
        </section>
    }
}
