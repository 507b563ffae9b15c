//! Account mails: the link proving a new account's address, the password
//! reset link, the link confirming a new address, and the notice to an
//! address's owner that someone tried to sign up with it. Not list mail: no
//! unsubscribe (they are sent only when the member or someone using their
//! address asks, and `ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR` bounds them).

use super::layout::{action, esc, html_document, text_document};
use super::message::{BuildError, Outgoing, Spec, build};
use super::{MailSettings, headers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountMail {
    /// `link_path` confirms the address of a new account.
    VerifyEmail,
    /// `link_path` sets a new password.
    ResetPassword,
    /// `link_path` confirms the member's new address (sent to the new one).
    ConfirmNewEmail,
    /// Someone signed up with an address that has an account already.
    SignUpAttempt,
}

impl AccountMail {
    /// The `mails.kind` of this mail (the account-mail limit counts them).
    pub fn kind(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::ConfirmNewEmail => "change_email",
            Self::SignUpAttempt => "signup_attempt",
        }
    }

    pub const ALL_KINDS: [&'static str; 4] = ["verify_email", "reset_password", "change_email", "signup_attempt"];
}

/// `link_path` is the forum path the mail's button opens (with its token).
pub fn compose(settings: &MailSettings, mail: AccountMail, name: &str, address: &str, link_path: &str) -> Result<Outgoing, BuildError> {
    let url = settings.url(link_path);
    let (subject, lines, button, after): (&str, Vec<String>, &str, &str) = match mail {
        AccountMail::VerifyEmail => (
            "Confirmez votre adresse pour Jonction",
            vec![
                format!("Bonjour {name},"),
                "Vous avez créé un compte sur Jonction, le forum de l’interopérabilité du collectif CICCLO. Confirmez votre adresse électronique pour pouvoir publier :".into(),
            ],
            "Confirmer mon adresse",
            "Ce lien est valable 48 heures et ne sert qu’une fois. Si vous n’avez pas créé de compte, ignorez ce courriel : sans confirmation, rien ne sera publié en votre nom.",
        ),
        AccountMail::ResetPassword => (
            "Choisir un nouveau mot de passe Jonction",
            vec![
                format!("Bonjour {name},"),
                "Quelqu’un, sans doute vous, a demandé à réinitialiser le mot de passe de votre compte Jonction :".into(),
            ],
            "Choisir un nouveau mot de passe",
            "Ce lien est valable une heure et ne sert qu’une fois. Si vous n’avez rien demandé, ignorez ce courriel : votre mot de passe reste le même.",
        ),
        AccountMail::ConfirmNewEmail => (
            "Confirmez votre nouvelle adresse pour Jonction",
            vec![
                format!("Bonjour {name},"),
                "Vous avez demandé que votre compte Jonction utilise désormais cette adresse. Confirmez-la :".into(),
            ],
            "Confirmer cette adresse",
            "Ce lien est valable 24 heures et ne sert qu’une fois. Tant qu’il n’est pas suivi, votre compte garde son ancienne adresse.",
        ),
        AccountMail::SignUpAttempt => (
            "Tentative de création de compte sur Jonction",
            vec![
                format!("Bonjour {name},"),
                "Quelqu’un, peut-être vous, a voulu créer un compte sur Jonction avec cette adresse. Vous avez déjà un compte : connectez-vous, ou choisissez un nouveau mot de passe si vous l’avez oublié :".into(),
            ],
            "Choisir un nouveau mot de passe",
            "Si ce n’était pas vous, ignorez ce courriel : aucun compte n’a été créé.",
        ),
    };
    let mut html = String::new();
    for l in &lines {
        html.push_str(&format!("<p>{}</p>", esc(l)));
    }
    html.push_str(&action(&url, button));
    html.push_str(&format!("<p style=\"font-size:14px\">{}</p>", esc(after)));
    let text = format!("{}\n\n{button} : {url}\n\n{after}\n", lines.join("\n\n"));
    let footer = "Jonction — forum de l’interopérabilité du collectif CICCLO";
    build(
        settings,
        Spec {
            from_name: "Jonction".into(),
            to_name: name.to_string(),
            to_address: address.to_string(),
            subject: subject.to_string(),
            message_id: headers::random_message_id(&settings.host),
            in_reply_to: None,
            references: vec![],
            unsubscribe_url: None,
            list: false,
            extra: vec![("X-Jonction-Event", mail.kind().to_string())],
            text: text_document(&text, footer),
            html: html_document(&html, &esc(footer)),
        },
    )
}
