//! Signing in: username and password, then the one-time code when the account has one.
use leptos::prelude::*;
use leptos_meta::Title;

use super::layout::use_session_version;
use crate::api::{Login, VerifyCode};
use openasp_ui::forms::{ErrorSummary, Field, action_error, tr};

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    let version = use_session_version();
    Effect::new(move |_| {
        if matches!(login.value().get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Title text=tr("Ügyintézői belépés", "Clerk sign-in") />
        <div class="narrow">
            <h1>{tr("Ügyintézői belépés", "Clerk sign-in")}</h1>
            <ErrorSummary error />
            <ActionForm action=login attr:class="stack" attr:novalidate=true>
                <Field id="username" label=tr("Felhasználónév", "Username") autocomplete="username" required=true error />
                <Field
                    id="password"
                    label=tr("Jelszó", "Password")
                    input_type="password"
                    autocomplete="current-password"
                    required=true
                    error
                />
                <button type="submit" class="button" disabled=move || login.pending().get()>
                    {tr("Belépés", "Sign in")}
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let verify = ServerAction::<VerifyCode>::new();
    let error = action_error(verify);
    let version = use_session_version();
    Effect::new(move |_| {
        if matches!(verify.value().get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Title text=tr("Egyszer használatos kód", "One-time code") />
        <div class="narrow">
            <h1>{tr("Egyszer használatos kód", "One-time code")}</h1>
            <ErrorSummary error />
            <ActionForm action=verify attr:class="stack" attr:novalidate=true>
                <Field
                    id="code"
                    label=tr("Hitelesítő alkalmazás kódja", "Code from your authenticator app")
                    hint=tr("A hatjegyű szám, amelyet az alkalmazás most mutat.", "The six digits your app shows now.")
                    autocomplete="one-time-code"
                    required=true
                    error
                />
                <button type="submit" class="button">
                    {tr("Ellenőrzés", "Verify")}
                </button>
            </ActionForm>
        </div>
    }
}
